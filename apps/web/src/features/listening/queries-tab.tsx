import type { ListeningQuery, QueryCheckResult } from '@agora/contracts/listening.schema.ts';
import { Alert, Badge, Button, Group, Modal, Paper, Select, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { useCurrentUser } from '../auth/auth.api.ts';
import { checkQuery, LISTENING_EDITOR_ROLES, useListeningQueries, useQueryMutations } from './listening.api.ts';

type Draft = {
  id: string | null;
  name: string;
  kind: 'brand' | 'competitor' | 'topic';
  expression: string;
  sensitivity: 'fewer' | 'balanced' | 'more';
  active: boolean;
};
const EMPTY: Draft = { id: null, name: '', kind: 'topic', expression: '', sensitivity: 'balanced', active: true };

function QueryEditor({ draft, onClose }: { draft: Draft; onClose: () => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(draft);
  const [sample, setSample] = useState('');
  const [check, setCheck] = useState<QueryCheckResult | null>(null);
  const { save } = useQueryMutations();
  // Checked as it is typed (debounced): syntax errors show before saving.
  useEffect(() => {
    if (!value.expression.trim()) {
      setCheck(null);
      return;
    }
    const timer = setTimeout(() => {
      checkQuery(value.expression, sample || undefined)
        .then(setCheck)
        .catch(() => setCheck(null));
    }, 300);
    return () => clearTimeout(timer);
  }, [value.expression, sample]);
  return (
    <Modal opened onClose={onClose} title={draft.id ? t('listening.queries.edit') : t('listening.queries.new')} size="lg">
      <Stack gap="sm">
        <TextInput
          label={t('listening.queries.name')}
          value={value.name}
          onChange={(e) => setValue({ ...value, name: e.currentTarget.value })}
          required
          data-testid="query-name"
        />
        <Group grow>
          <Select
            label={t('listening.queries.kind')}
            data={(['brand', 'competitor', 'topic'] as const).map((k) => ({ value: k, label: t(`listening.kinds.${k}`) }))}
            value={value.kind}
            onChange={(k) => k && setValue({ ...value, kind: k as Draft['kind'] })}
            allowDeselect={false}
          />
          <Select
            label={t('listening.queries.sensitivity')}
            data={(['fewer', 'balanced', 'more'] as const).map((k) => ({ value: k, label: t(`listening.queries.sensitivities.${k}`) }))}
            value={value.sensitivity}
            onChange={(k) => k && setValue({ ...value, sensitivity: k as Draft['sensitivity'] })}
            allowDeselect={false}
          />
        </Group>
        <Textarea
          label={t('listening.queries.expression')}
          description={t('listening.queries.help')}
          value={value.expression}
          onChange={(e) => setValue({ ...value, expression: e.currentTarget.value })}
          autosize
          minRows={2}
          styles={{ input: { fontFamily: 'monospace' } }}
          error={check && !check.valid ? `${check.message} (position ${check.position + 1})` : undefined}
          data-testid="query-expression"
        />
        <TextInput
          label={t('listening.queries.sample')}
          placeholder={t('listening.queries.samplePlaceholder')}
          value={sample}
          onChange={(e) => setSample(e.currentTarget.value)}
        />
        {check?.valid ? (
          <Text size="sm" c={check.matchesSample === false ? 'orange.7' : 'teal.7'} data-testid="query-check">
            {check.matchesSample === null
              ? t('listening.queries.valid')
              : check.matchesSample
                ? t('listening.queries.matches')
                : t('listening.queries.noMatch')}
          </Text>
        ) : null}
        <Switch
          label={t('listening.queries.active')}
          checked={value.active}
          onChange={(e) => setValue({ ...value, active: e.currentTarget.checked })}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            loading={save.isPending}
            disabled={!value.name.trim() || !value.expression.trim() || check?.valid === false}
            onClick={() =>
              save.mutate(
                {
                  id: value.id,
                  input: {
                    name: value.name,
                    kind: value.kind,
                    expression: value.expression,
                    sensitivity: value.sensitivity,
                    active: value.active,
                  },
                },
                {
                  onSuccess: () => {
                    notifySuccess(t('listening.queries.saved'));
                    onClose();
                  },
                  onError: notifyError,
                },
              )
            }
            data-testid="query-save"
          >
            {t('common.save', { defaultValue: 'Enregistrer' })}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function QueriesTab() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const queries = useListeningQueries();
  const { remove } = useQueryMutations();
  const [editing, setEditing] = useState<Draft | null>(null);
  const [deleting, setDeleting] = useState<ListeningQuery | null>(null);
  const canEdit = LISTENING_EDITOR_ROLES.includes(me.role);
  return (
    <Stack gap="sm" data-testid="queries-list">
      {canEdit ? (
        <Group>
          <Button onClick={() => setEditing(EMPTY)} data-testid="query-new">
            {t('listening.queries.new')}
          </Button>
        </Group>
      ) : (
        <Alert color="gray">{t('listening.queries.readOnly')}</Alert>
      )}
      {queries.data?.map((q) => (
        <Paper key={q.id} withBorder radius="md" p="sm" data-testid="query-row">
          <Group justify="space-between" wrap="nowrap">
            <Stack gap={2}>
              <Group gap={6}>
                <Text fw={600}>{q.name}</Text>
                <Badge variant="light">{t(`listening.kinds.${q.kind}`)}</Badge>
                <Badge variant="outline" color="gray">
                  {t(`listening.queries.sensitivities.${q.sensitivity}`)}
                </Badge>
                {!q.active ? <Badge color="gray">{t('listening.queries.inactive')}</Badge> : null}
              </Group>
              <Text size="sm" ff="monospace" c="dimmed">
                {q.expression}
              </Text>
            </Stack>
            {canEdit ? (
              <Group gap="xs" wrap="nowrap">
                <Button size="xs" variant="default" onClick={() => setEditing({ ...q })}>
                  {t('listening.queries.edit')}
                </Button>
                <Button size="xs" variant="subtle" color="red" onClick={() => setDeleting(q)}>
                  {t('listening.queries.delete')}
                </Button>
              </Group>
            ) : null}
          </Group>
        </Paper>
      ))}
      {editing ? <QueryEditor draft={editing} onClose={() => setEditing(null)} /> : null}
      <Modal opened={deleting !== null} onClose={() => setDeleting(null)} title={t('listening.queries.delete')}>
        <Text size="sm">{t('listening.queries.deleteConfirm', { name: deleting?.name ?? '' })}</Text>
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={() => setDeleting(null)}>
            {t('common.cancel')}
          </Button>
          <Button
            color="red"
            loading={remove.isPending}
            onClick={() => deleting && remove.mutate(deleting.id, { onSuccess: () => setDeleting(null), onError: notifyError })}
          >
            {t('listening.queries.delete')}
          </Button>
        </Group>
      </Modal>
    </Stack>
  );
}
