import type { AnswerSuggestion } from '@agora/contracts/answers.schema.ts';
import { Badge, Button, Divider, Group, Popover, ScrollArea, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { IconBookmark, IconPin, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifyError } from '../../components/notify.ts';
import { renderAnswer, useAnswerSuggestions } from './answers.api.ts';

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * "Réponses approuvées" next to the reply box: the answers suggested for the message first, a
 * search over the others; choosing one inserts its text with the variables filled by the server.
 */
export function AnswerPicker({
  conversationId,
  disabled,
  onInsert,
}: {
  conversationId: string;
  disabled?: boolean;
  onInsert: (text: string, answerId: string) => void;
}) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [search, setSearch] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const suggestions = useAnswerSuggestions(conversationId, opened);
  const needle = fold(search.trim());
  const items = (suggestions.data?.items ?? []).filter((a) => !needle || fold(`${a.title} ${a.body} ${a.tags.join(' ')}`).includes(needle));
  const suggested = items.filter((a) => a.pinned || a.intentMatch || a.tagMatches > 0);
  const others = items.filter((a) => !suggested.includes(a));

  const choose = async (answer: AnswerSuggestion) => {
    setBusy(answer.id);
    try {
      const { text } = await renderAnswer(answer.id, conversationId);
      onInsert(text, answer.id);
      setOpened(false);
      setSearch('');
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(null);
    }
  };

  const row = (a: AnswerSuggestion) => (
    <UnstyledButton
      key={a.id}
      onClick={() => void choose(a)}
      disabled={busy !== null}
      p="xs"
      style={{ borderRadius: 6, opacity: busy && busy !== a.id ? 0.5 : 1 }}
      className="answer-option"
      data-testid="answer-option"
      data-answer-id={a.id}
    >
      <Group gap={6} wrap="nowrap" justify="space-between">
        <Text size="sm" fw={600} truncate>
          {a.title}
        </Text>
        <Group gap={4} wrap="nowrap">
          {a.pinned ? (
            <Badge size="xs" color="red" variant="light" leftSection={<IconPin size={10} />}>
              {t('answers.pinned')}
            </Badge>
          ) : null}
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            {t('answers.uses', { count: a.usageCount })}
          </Text>
        </Group>
      </Group>
      <Text size="xs" c="dimmed" lineClamp={2}>
        {a.body}
      </Text>
    </UnstyledButton>
  );

  return (
    <Popover opened={opened} onChange={setOpened} position="top-start" width={420} shadow="md" withinPortal trapFocus>
      <Popover.Target>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconBookmark size={14} />}
          onClick={() => setOpened((o) => !o)}
          disabled={disabled}
          data-testid="answer-picker"
        >
          {t('answers.picker')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown p="xs" data-testid="answer-picker-dropdown">
        <Stack gap={6}>
          <TextInput
            size="xs"
            leftSection={<IconSearch size={14} />}
            placeholder={t('answers.search')}
            aria-label={t('answers.search')}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            data-autofocus
          />
          <ScrollArea.Autosize mah={320}>
            <Stack gap={2}>
              {suggested.length > 0 ? (
                <Text size="xs" fw={700} c="bank.7" tt="uppercase">
                  {t('answers.suggested')}
                </Text>
              ) : null}
              {suggested.map(row)}
              {suggested.length > 0 && others.length > 0 ? <Divider my={4} label={t('answers.others')} labelPosition="left" /> : null}
              {others.map(row)}
              {suggestions.isSuccess && items.length === 0 ? (
                <Text size="sm" c="dimmed" p="xs">
                  {t('answers.none')}
                </Text>
              ) : null}
            </Stack>
          </ScrollArea.Autosize>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
