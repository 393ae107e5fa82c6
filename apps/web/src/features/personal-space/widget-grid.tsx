import 'react-grid-layout/css/styles.css';
import type { WidgetLayoutItem, WidgetLayouts } from '@agora/contracts/client-space.schema.ts';
import { ActionIcon, Alert, Button, Group, Loader, Menu, Paper, Text, Tooltip } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconGripVertical, IconLayoutGrid, IconPlus, IconRestore, IconX } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { type Compactor, GridLayout, getCompactor, type Layout, useContainerWidth } from 'react-grid-layout';
import { useTranslation } from 'react-i18next';
import { notifyError } from '../../components/notify.ts';
import { usePersonalSpace, useSaveLayouts } from './personal-space.api.ts';
import { addWidget, defaultLayouts, fromGrid, moveWidget, normalise, phoneLayout, removeWidget, WIDE_COLUMNS } from './widget-layout.ts';
import { WIDGETS, type WidgetDefinition } from './widget-registry.ts';

/** Below this width the grid is one column (a phone held upright). */
const PHONE_MAX_WIDTH = 640;
const ROW_HEIGHT = 56;
const MARGIN = [16, 16] as const;
const compactor: Compactor = getCompactor('vertical');

const compact = (items: readonly WidgetLayoutItem[], cols: number) => fromGrid(compactor.compact(items, cols) as WidgetLayoutItem[]);

function WidgetCard({
  widget,
  place,
  editing,
  first,
  last,
  onRemove,
  onMove,
}: {
  widget: WidgetDefinition;
  place: WidgetLayoutItem;
  editing: boolean;
  first: boolean;
  last: boolean;
  onRemove: () => void;
  onMove: (direction: -1 | 1) => void;
}) {
  const { t } = useTranslation();
  const title = t(widget.titleKey);
  const Body = widget.component;
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      h="100%"
      data-testid={`widget-${widget.id}`}
      data-x={place.x}
      data-y={place.y}
      data-w={place.w}
      data-h={place.h}
      style={{
        display: 'flex',
        flexDirection: 'column',
        overflow: 'hidden',
        outline: editing ? '2px dashed var(--mantine-color-bank-2)' : undefined,
      }}
    >
      <Group justify="space-between" wrap="nowrap" mb="sm" gap={4}>
        <Group gap={4} wrap="nowrap" style={{ minWidth: 0 }}>
          {editing ? (
            <Tooltip label={t('personalSpace.drag', { title })}>
              <ActionIcon
                variant="subtle"
                color="gray"
                className="widget-drag-handle"
                aria-label={t('personalSpace.drag', { title })}
                style={{ cursor: 'grab', touchAction: 'none' }}
                data-testid={`widget-drag-${widget.id}`}
              >
                <IconGripVertical size={18} />
              </ActionIcon>
            </Tooltip>
          ) : null}
          <Text fw={650} truncate="end" component="h2" size="md" m={0}>
            {title}
          </Text>
        </Group>
        {editing ? (
          <Group gap={2} wrap="nowrap" className="widget-controls">
            <ActionIcon
              variant="subtle"
              color="gray"
              disabled={first}
              onClick={() => onMove(-1)}
              aria-label={t('personalSpace.moveUp', { title })}
              data-testid={`widget-up-${widget.id}`}
            >
              <IconArrowUp size={16} />
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              color="gray"
              disabled={last}
              onClick={() => onMove(1)}
              aria-label={t('personalSpace.moveDown', { title })}
              data-testid={`widget-down-${widget.id}`}
            >
              <IconArrowDown size={16} />
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              color="red"
              onClick={onRemove}
              aria-label={t('personalSpace.remove', { title })}
              data-testid={`widget-remove-${widget.id}`}
            >
              <IconX size={16} />
            </ActionIcon>
          </Group>
        ) : null}
      </Group>
      <div style={{ flex: 1, minHeight: 0, overflow: 'auto' }}>
        <Body />
      </div>
    </Paper>
  );
}

/**
 * The client's home as a grid of widgets (react-grid-layout): twelve columns on a wide screen,
 * one on a phone. In "Personnaliser" mode the client drags, resizes, reorders (arrows, for touch
 * and keyboard), adds and removes widgets; each change is saved on the server at once. Until the
 * client arranges it, the layout is the default of their segment.
 */
export function WidgetGrid() {
  const { t } = useTranslation();
  const space = usePersonalSpace();
  const save = useSaveLayouts();
  const { width, containerRef, mounted } = useContainerWidth();
  const [editing, setEditing] = useState(false);
  const [layouts, setLayouts] = useState<WidgetLayouts | null>(null);

  useEffect(() => {
    if (!space.data || layouts) return;
    setLayouts(space.data.layouts ? normalise(space.data.layouts, WIDGETS) : defaultLayouts(space.data.segment, WIDGETS));
  }, [space.data, layouts]);

  const phone = width < PHONE_MAX_WIDTH;
  const cols = phone ? 1 : WIDE_COLUMNS;

  const commit = (next: WidgetLayouts) => {
    const compacted: WidgetLayouts = { lg: compact(next.lg, WIDE_COLUMNS), ...(next.sm ? { sm: compact(next.sm, 1) } : {}) };
    setLayouts(compacted);
    save.mutate(compacted, { onError: notifyError });
  };
  const fromUser = (layout: Layout) => {
    if (!layouts) return;
    const items = fromGrid(layout as WidgetLayoutItem[]);
    commit(phone ? { lg: layouts.lg, sm: items } : { ...layouts, lg: items });
  };

  if (space.isError) return <Alert color="red">{space.error.message}</Alert>;
  const shown = layouts ? (phone ? phoneLayout(layouts) : layouts.lg) : [];
  const order = [...shown].sort((a, b) => a.y - b.y || a.x - b.x).map((i) => i.i);
  const missing = WIDGETS.filter((w) => !layouts?.lg.some((i) => i.i === w.id));

  return (
    <div>
      <Group justify="flex-end" mb={editing ? 4 : 'sm'} gap="xs" wrap="wrap">
        {editing ? (
          <>
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button size="xs" variant="light" leftSection={<IconPlus size={16} />} data-testid="space-add">
                  {t('personalSpace.add')}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                {missing.length === 0 ? <Menu.Label>{t('personalSpace.nothingToAdd')}</Menu.Label> : null}
                {missing.map((w) => (
                  <Menu.Item key={w.id} onClick={() => layouts && commit(addWidget(layouts, w))} data-testid={`space-add-${w.id}`}>
                    {t(w.titleKey)}
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
            <Tooltip label={t('personalSpace.resetHint')}>
              <Button
                size="xs"
                variant="subtle"
                color="gray"
                leftSection={<IconRestore size={16} />}
                onClick={() => space.data && commit(defaultLayouts(space.data.segment, WIDGETS))}
                data-testid="space-reset"
              >
                {t('personalSpace.reset')}
              </Button>
            </Tooltip>
          </>
        ) : null}
        <Button
          size="xs"
          variant={editing ? 'filled' : 'default'}
          leftSection={<IconLayoutGrid size={16} />}
          onClick={() => setEditing((e) => !e)}
          data-testid="space-customise"
        >
          {editing ? t('personalSpace.done') : t('personalSpace.customise')}
        </Button>
      </Group>
      {editing ? (
        <Text size="sm" c="dimmed" mb="sm" ta="right">
          {t('personalSpace.editHint')}
        </Text>
      ) : null}
      <div ref={containerRef} data-testid="widget-grid" data-columns={cols}>
        {!layouts || !mounted ? <Loader size="sm" /> : null}
        {layouts && mounted && shown.length === 0 ? <Alert color="gray">{t('personalSpace.empty')}</Alert> : null}
        {layouts && mounted ? (
          <GridLayout
            width={width}
            layout={shown.map((place) => {
              const min = WIDGETS.find((w) => w.id === place.i)?.minSize ?? { w: 1, h: 1 };
              return { ...place, minW: Math.min(min.w, cols), minH: min.h };
            })}
            compactor={compactor}
            gridConfig={{ cols, rowHeight: ROW_HEIGHT, margin: MARGIN, containerPadding: [0, 0] }}
            dragConfig={{ enabled: editing, handle: '.widget-drag-handle' }}
            resizeConfig={{ enabled: editing, handles: phone ? ['s'] : ['se'] }}
            onDragStop={(layout) => fromUser(layout)}
            onResizeStop={(layout) => fromUser(layout)}
          >
            {shown.map((place) => {
              const widget = WIDGETS.find((w) => w.id === place.i);
              if (!widget) return null;
              return (
                <div key={place.i}>
                  <WidgetCard
                    widget={widget}
                    place={place}
                    editing={editing}
                    first={order[0] === place.i}
                    last={order.at(-1) === place.i}
                    onRemove={() => commit(removeWidget(layouts, place.i))}
                    onMove={(direction) => commit(moveWidget(layouts, place.i, direction, phone))}
                  />
                </div>
              );
            })}
          </GridLayout>
        ) : null}
      </div>
    </div>
  );
}
