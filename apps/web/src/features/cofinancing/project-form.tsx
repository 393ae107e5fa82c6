import type { ProjectInput, StaffProjectView } from '@agora/contracts/cofinancing.schema.ts';
import { Button, Group, NumberInput, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { eurosToCents } from './cofinancing.api.ts';
import { MoneyInput } from './money-input.tsx';

const euros = (cents: number) => (cents / 100).toFixed(2).replace('.', ',');

/** A project's terms, typed in euros and sent as integer cents. */
export function ProjectForm({
  initial,
  submitLabel,
  onSubmit,
  busy,
}: {
  initial?: StaffProjectView;
  submitLabel: string;
  onSubmit: (input: ProjectInput) => void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const [title, setTitle] = useState(initial?.title ?? '');
  const [borrowerName, setBorrowerName] = useState(initial?.borrowerName ?? '');
  const [borrowerKind, setBorrowerKind] = useState<ProjectInput['borrowerKind']>(initial?.borrowerKind ?? 'association');
  const [purpose, setPurpose] = useState(initial?.purpose ?? '');
  const [story, setStory] = useState(initial?.story ?? '');
  const [sought, setSought] = useState<string>(initial ? euros(initial.amountSoughtCents) : '');
  const [bankShare, setBankShare] = useState<string>(initial ? euros(initial.bankShareCents) : '0');
  const [minPledge, setMinPledge] = useState<string>(initial ? euros(initial.minPledgeCents) : '10');
  const [maxPledge, setMaxPledge] = useState<string>(initial ? euros(initial.maxPledgeCents) : '5000');
  const [rate, setRate] = useState<string>(initial ? (initial.rateBp / 100).toFixed(2).replace('.', ',') : '0');
  const [duration, setDuration] = useState<string | number>(initial?.durationMonths ?? 24);
  const [risk, setRisk] = useState<ProjectInput['riskGrade']>(initial?.riskGrade ?? 'B');
  const [deadline, setDeadline] = useState((initial?.deadlineAt ?? new Date(Date.now() + 30 * 86_400_000).toISOString()).slice(0, 10));
  const [infoSheet, setInfoSheet] = useState(initial?.infoSheet ?? '');
  const [documents, setDocuments] = useState((initial?.documents ?? []).map((d) => `${d.name} | ${d.url}`).join('\n'));

  const submit = () =>
    onSubmit({
      title,
      borrowerName,
      borrowerKind,
      purpose,
      story,
      amountSoughtCents: eurosToCents(sought),
      bankShareCents: eurosToCents(bankShare),
      minPledgeCents: eurosToCents(minPledge),
      maxPledgeCents: eurosToCents(maxPledge),
      // The rate in basis points: "2.5" % → 250, by the digits too.
      rateBp: eurosToCents(rate),
      durationMonths: Number(duration),
      riskGrade: risk,
      deadlineAt: new Date(`${deadline}T22:00:00Z`).toISOString(),
      infoSheet: infoSheet.trim() || null,
      documents: documents
        .split('\n')
        .map((line) => line.split('|').map((s) => s.trim()))
        .filter(([name, url]) => name && url)
        .map(([name = '', url = '']) => ({ name, url })),
    });

  return (
    <Stack gap="sm" data-testid="project-form">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput
          label={t('cofinancing.staff.projectTitle')}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          required
          data-testid="pf-title"
        />
        <TextInput
          label={t('cofinancing.staff.borrower')}
          value={borrowerName}
          onChange={(e) => setBorrowerName(e.currentTarget.value)}
          required
          data-testid="pf-borrower"
        />
        <Select
          label={t('cofinancing.staff.borrowerKind')}
          value={borrowerKind}
          onChange={(v) => v && setBorrowerKind(v as ProjectInput['borrowerKind'])}
          allowDeselect={false}
          data={(['association', 'social_business', 'local_business'] as const).map((k) => ({
            value: k,
            label: t(`cofinancing.kind.${k}`),
          }))}
        />
        <Select
          label={t('cofinancing.risk')}
          value={risk}
          onChange={(v) => v && setRisk(v as ProjectInput['riskGrade'])}
          allowDeselect={false}
          data={['A', 'B', 'C', 'D', 'E']}
        />
      </SimpleGrid>
      <Textarea
        label={t('cofinancing.staff.purpose')}
        value={purpose}
        onChange={(e) => setPurpose(e.currentTarget.value)}
        autosize
        minRows={2}
        required
        data-testid="pf-purpose"
      />
      <Textarea label={t('cofinancing.staff.story')} value={story} onChange={(e) => setStory(e.currentTarget.value)} autosize minRows={3} />
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        <MoneyInput label={`${t('cofinancing.sought')} (€)`} value={sought} onChange={setSought} data-testid="pf-sought" />
        <MoneyInput label={`${t('cofinancing.bankShare')} (€)`} value={bankShare} onChange={setBankShare} data-testid="pf-bank" />
        <MoneyInput label={t('cofinancing.staff.minPledge')} value={minPledge} onChange={setMinPledge} />
        <MoneyInput label={t('cofinancing.staff.maxPledge')} value={maxPledge} onChange={setMaxPledge} />
        <MoneyInput label={t('cofinancing.staff.rateLabel')} value={rate} onChange={setRate} />
        <NumberInput label={t('cofinancing.staff.durationLabel')} value={duration} onChange={setDuration} min={1} max={360} />
        <TextInput
          type="date"
          label={t('cofinancing.staff.deadlineLabel')}
          value={deadline}
          onChange={(e) => setDeadline(e.currentTarget.value)}
        />
      </SimpleGrid>
      <Textarea
        label={t('cofinancing.staff.infoSheetLabel')}
        value={infoSheet}
        onChange={(e) => setInfoSheet(e.currentTarget.value)}
        autosize
        minRows={3}
        data-testid="pf-sheet"
      />
      <Textarea
        label={t('cofinancing.staff.documentsLabel')}
        value={documents}
        onChange={(e) => setDocuments(e.currentTarget.value)}
        autosize
        minRows={2}
      />
      <Group>
        <Button onClick={submit} loading={busy} data-testid="pf-submit">
          {submitLabel}
        </Button>
      </Group>
    </Stack>
  );
}
