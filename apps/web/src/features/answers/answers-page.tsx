import type { Answer, AnswerDetail, AnswerInput } from '@agora/contracts/answers.schema.ts';
import {
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  Paper,
  SegmentedControl,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconPin, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifyError } from '../../components/notify.ts';
import { useCurrentUser } from '../auth/auth.api.ts';
import { ANSWER_APPROVER_ROLES, ANSWER_WRITER_ROLES, useAnswer, useAnswerMutations, useAnswers } from './answers.api.ts';

const STATE_COLOR: Record<string, string> = {
  draft: 'gray',
  submitted: 'yellow',
  approved: 'blue',
  published: 'teal',
  superseded: 'gray',
  rejected: 'red',
};

/** The approved answers library: versions, four-eyes approval, publication. */
export function AnswersPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const [editing, setEditing] = useState<AnswerDetail | 'new' | null>(null);
  const list = useAnswers(search);
  const canWrite = ANSWER_WRITER_ROLES.includes(me.role);
  return (
    <Stack p="md" gap="md" maw={1200} mx="auto" data-testid="answers-page">
      <Group justify="space-between">
        <div>
          <Title order={2}>{t('answers.title')}</Title>
          <Text size="sm" c="dimmed">
            {t('answers.intro')}
          </Text>
        </div>
        {canWrite ? (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="answer-new">
            {t('answers.new')}
          </Button>
        ) : null}
      </Group>
      <TextInput
        placeholder={t('answers.search')}
        aria-label={t('answers.search')}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        maw={400}
      />
      <Group align="flex-start" gap="md" wrap="nowrap">
        <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
          {(list.data ?? []).map((a) => (
            <AnswerRow key={a.id} answer={a} active={a.id === selected} onClick={() => setSelected(a.id)} />
          ))}
        </Stack>
        {selected ? <AnswerPanel id={selected} onEdit={(a) => setEditing(a)} /> : null}
      </Group>
      {editing ? (
        <AnswerForm answer={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={(id) => setSelected(id)} />
      ) : null}
    </Stack>
  );
}

function AnswerRow({ answer, active, onClick }: { answer: Answer; active: boolean; onClick: () => void }) {
  const { t } = useTranslation();
  const v = answer.latest;
  return (
    <Paper
      withBorder
      p="sm"
      onClick={onClick}
      style={{ cursor: 'pointer', borderColor: active ? 'var(--mantine-color-bank-5, var(--mantine-color-blue-5))' : undefined }}
      data-testid="answer-row"
    >
      <Group justify="space-between" wrap="nowrap">
        <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
          {v.pinned ? <IconPin size={14} color="var(--mantine-color-red-6)" /> : null}
          <Text fw={600} truncate>
            {v.title}
          </Text>
          <Badge size="xs" variant="outline">
            {v.language}
          </Badge>
        </Group>
        <Group gap={4} wrap="nowrap">
          {answer.published && answer.latest.version !== answer.published.version ? (
            <Badge size="xs" color="teal" variant="light">
              {t('answers.state.published')} v{answer.published.version}
            </Badge>
          ) : null}
          <Badge size="xs" color={STATE_COLOR[v.state]} variant="light" data-testid="answer-state">
            {t(`answers.state.${v.state}`)} v{v.version}
          </Badge>
          {answer.published && !answer.offered ? (
            <Badge size="xs" color="orange" variant="light">
              {t('answers.expired')}
            </Badge>
          ) : null}
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            {t('answers.uses', { count: answer.usageCount })}
          </Text>
        </Group>
      </Group>
      <Text size="sm" c="dimmed" lineClamp={2}>
        {v.body}
      </Text>
    </Paper>
  );
}

function AnswerPanel({ id, onEdit }: { id: string; onEdit: (a: AnswerDetail) => void }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const { data } = useAnswer(id);
  const { step } = useAnswerMutations();
  if (!data) return null;
  const v = data.latest;
  const canWrite = ANSWER_WRITER_ROLES.includes(me.role);
  const canApprove = ANSWER_APPROVER_ROLES.includes(me.role) && v.author?.id !== me.id;
  const run = (s: 'submit' | 'approve' | 'reject' | 'publish') => step.mutate({ id, step: s }, { onError: notifyError });
  return (
    <Paper withBorder p="md" w={460} data-testid="answer-panel">
      <Stack gap="sm">
        <Title order={3} size="h5">
          {v.title}
        </Title>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {v.body}
        </Text>
        <Group gap={4}>
          {v.intents.map((i) => (
            <Badge key={i} size="xs" variant="light">
              {i}
            </Badge>
          ))}
          {v.tags.map((tag) => (
            <Badge key={tag} size="xs" color="grape" variant="light">
              #{tag}
            </Badge>
          ))}
        </Group>
        <Group gap="xs">
          {canWrite ? (
            <Button size="xs" variant="default" onClick={() => onEdit(data)}>
              {t('answers.edit')}
            </Button>
          ) : null}
          {canWrite && (v.state === 'draft' || v.state === 'rejected') ? (
            <Button size="xs" onClick={() => run('submit')} data-testid="answer-submit">
              {t('answers.step.submit')}
            </Button>
          ) : null}
          {canApprove && v.state === 'submitted' ? (
            <Button size="xs" color="teal" onClick={() => run('approve')} data-testid="answer-approve">
              {t('answers.step.approve')}
            </Button>
          ) : null}
          {canApprove && v.state === 'submitted' ? (
            <Button size="xs" color="red" variant="light" onClick={() => run('reject')}>
              {t('answers.step.reject')}
            </Button>
          ) : null}
          {canWrite && v.state === 'approved' ? (
            <Button size="xs" color="teal" onClick={() => run('publish')} data-testid="answer-publish">
              {t('answers.step.publish')}
            </Button>
          ) : null}
        </Group>
        <Title order={4} size="h6">
          {t('answers.history')}
        </Title>
        <Stack gap={4} data-testid="answer-history">
          {data.versions.map((h) => (
            <Group key={h.version} gap={6} wrap="nowrap">
              <Badge size="xs" color={STATE_COLOR[h.state]} variant="light">
                {t(`answers.state.${h.state}`)}
              </Badge>
              <Text size="xs">
                {t('answers.version', { version: h.version })} {h.author ? t('answers.by', { name: h.author.displayName }) : ''}{' '}
                {h.approvedBy ? `· ${t('answers.approvedBy', { name: h.approvedBy.displayName })}` : ''}
              </Text>
            </Group>
          ))}
        </Stack>
      </Stack>
    </Paper>
  );
}

function AnswerForm({ answer, onClose, onSaved }: { answer: AnswerDetail | null; onClose: () => void; onSaved: (id: string) => void }) {
  const { t } = useTranslation();
  const { save } = useAnswerMutations();
  const v = answer?.latest;
  const [form, setForm] = useState({
    title: v?.title ?? '',
    body: v?.body ?? '',
    language: (v?.language ?? 'fr') as 'fr' | 'en',
    intents: v?.intents ?? [],
    tags: v?.tags ?? [],
    validFrom: v?.validFrom?.slice(0, 10) ?? '',
    validUntil: v?.validUntil?.slice(0, 10) ?? '',
    pinned: v?.pinned ?? false,
  });
  const submit = () => {
    const input: AnswerInput = {
      ...form,
      channels: v?.channels ?? [],
      validFrom: form.validFrom ? new Date(`${form.validFrom}T00:00:00`).toISOString() : null,
      validUntil: form.validUntil ? new Date(`${form.validUntil}T23:59:59`).toISOString() : null,
    };
    save.mutate(
      { id: answer?.id, input },
      {
        onSuccess: (saved) => {
          onSaved(saved.id);
          onClose();
        },
        onError: notifyError,
      },
    );
  };
  return (
    <Modal opened onClose={onClose} title={answer ? t('answers.edit') : t('answers.new')} size="lg">
      <Stack gap="sm">
        <TextInput
          label={t('answers.fields.title')}
          value={form.title}
          onChange={(e) => setForm({ ...form, title: e.currentTarget.value })}
          required
          data-testid="answer-title"
        />
        <Textarea
          label={t('answers.fields.body')}
          description={t('answers.variables')}
          autosize
          minRows={4}
          value={form.body}
          onChange={(e) => setForm({ ...form, body: e.currentTarget.value })}
          required
          data-testid="answer-body"
        />
        <SegmentedControl
          value={form.language}
          onChange={(l) => setForm({ ...form, language: l as 'fr' | 'en' })}
          data={[
            { value: 'fr', label: 'Français' },
            { value: 'en', label: 'English' },
          ]}
        />
        <TagsInput label={t('answers.fields.intents')} value={form.intents} onChange={(intents) => setForm({ ...form, intents })} />
        <TagsInput label={t('answers.fields.tags')} value={form.tags} onChange={(tags) => setForm({ ...form, tags })} />
        <Group grow>
          <TextInput
            type="date"
            label={t('answers.fields.validFrom')}
            value={form.validFrom}
            onChange={(e) => setForm({ ...form, validFrom: e.currentTarget.value })}
          />
          <TextInput
            type="date"
            label={t('answers.fields.validUntil')}
            value={form.validUntil}
            onChange={(e) => setForm({ ...form, validUntil: e.currentTarget.value })}
          />
        </Group>
        <Checkbox
          label={t('answers.fields.pinned')}
          checked={form.pinned}
          onChange={(e) => setForm({ ...form, pinned: e.currentTarget.checked })}
        />
        <Group justify="flex-end">
          <Button onClick={submit} loading={save.isPending} data-testid="answer-save">
            {t('answers.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
