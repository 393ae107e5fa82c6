import type { ConversationExtras } from '@agora/contracts/answers.schema.ts';
import { Badge, Button, CloseButton, Group, Menu, Paper, Stack, TextInput, Title, Tooltip } from '@mantine/core';
import { IconBolt, IconMoodSmile, IconTag } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { useApplyMacro, useConversationExtras, useMacros, useTagMutations } from './answers.api.ts';

/** Side panel card: the conversation's tags as chips (add, remove) and the "Macros" menu. */
export function TagsAndMacros({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const extras = useConversationExtras(conversationId);
  const { add, remove } = useTagMutations(conversationId);
  const macros = useMacros();
  const apply = useApplyMacro(conversationId);
  const [draft, setDraft] = useState('');
  const tags = extras.data?.tags ?? [];

  const submit = () => {
    const tag = draft.trim();
    if (!tag) return;
    add.mutate(tag, { onSuccess: () => setDraft(''), onError: notifyError });
  };

  return (
    <Paper withBorder p="sm" data-testid="tags-macros">
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Title order={3} size="h6">
            {t('tags.title')}
          </Title>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <Button
                size="compact-xs"
                variant="light"
                leftSection={<IconBolt size={12} />}
                loading={apply.isPending}
                data-testid="macros-menu"
              >
                {t('macros.title')}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>{t('macros.apply')}</Menu.Label>
              {(macros.data ?? []).map((m) => (
                <Menu.Item
                  key={m.id}
                  data-testid="macro-item"
                  onClick={() =>
                    apply.mutate(m.id, { onSuccess: () => notifySuccess(t('macros.applied', { name: m.name })), onError: notifyError })
                  }
                >
                  {m.name}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        </Group>
        <Group gap={4} data-testid="conversation-tags">
          {tags.map((tag) => (
            <Badge
              key={tag}
              variant="light"
              color="grape"
              leftSection={<IconTag size={10} />}
              rightSection={
                <CloseButton
                  size="xs"
                  aria-label={t('tags.remove', { tag })}
                  onClick={() => remove.mutate(tag, { onError: notifyError })}
                />
              }
              data-testid="tag-chip"
            >
              {tag}
            </Badge>
          ))}
        </Group>
        <TextInput
          size="xs"
          placeholder={t('tags.add')}
          aria-label={t('tags.add')}
          value={draft}
          maxLength={40}
          onChange={(e) => setDraft(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              submit();
            }
          }}
          data-testid="tag-input"
        />
      </Stack>
    </Paper>
  );
}

/** The CSAT score (or the survey's state) for the conversation header. */
export function CsatBadge({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const { data } = useConversationExtras(conversationId);
  const csat: ConversationExtras['csat'] = data?.csat ?? null;
  if (!csat) return null;
  const color = csat.score === null ? 'gray' : csat.score >= 4 ? 'teal' : csat.score === 3 ? 'yellow' : 'red';
  const label =
    csat.state === 'answered' && csat.score !== null
      ? t('csat.label', { score: csat.score })
      : csat.state === 'waiting'
        ? t('csat.waiting')
        : t('csat.closed');
  return (
    <Tooltip label={csat.comment ?? label} disabled={!csat.comment} multiline maw={320}>
      <Badge
        size="sm"
        variant="light"
        color={color}
        leftSection={<IconMoodSmile size={12} />}
        data-testid="csat-badge"
        data-score={csat.score ?? ''}
      >
        {label}
      </Badge>
    </Tooltip>
  );
}
