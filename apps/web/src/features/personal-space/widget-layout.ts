import type { Segment } from '@agora/contracts/client-360.schema.ts';
import type { WidgetLayoutItem, WidgetLayouts } from '@agora/contracts/client-space.schema.ts';
import type { WidgetDefinition } from './widget-registry.ts';

export const WIDE_COLUMNS = 12;

const byPosition = (a: WidgetLayoutItem, b: WidgetLayoutItem) => a.y - b.y || a.x - b.x;
const item = (i: WidgetLayoutItem): WidgetLayoutItem => ({ i: i.i, x: i.x, y: i.y, w: i.w, h: i.h });

/** Widgets placed left to right, a new row when the next one does not fit. */
export function flow(widgets: readonly Pick<WidgetDefinition, 'id' | 'defaultSize'>[]): WidgetLayoutItem[] {
  const placed: WidgetLayoutItem[] = [];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  for (const widget of widgets) {
    const { w, h } = widget.defaultSize;
    if (x + w > WIDE_COLUMNS) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    placed.push({ i: widget.id, x, y, w, h });
    x += w;
    rowHeight = Math.max(rowHeight, h);
  }
  return placed;
}

/** The arrangement a client of this segment starts with (rule 12): their most used widgets first. */
export function defaultLayouts(segment: Segment, registry: readonly WidgetDefinition[]): WidgetLayouts {
  const chosen = registry
    .filter((w) => w.defaultOrder[segment] !== undefined)
    .sort((a, b) => (a.defaultOrder[segment] ?? 0) - (b.defaultOrder[segment] ?? 0));
  return { lg: flow(chosen) };
}

/** One column, in the wide grid's reading order (top to bottom, left to right). */
export function stackOf(items: readonly WidgetLayoutItem[]): WidgetLayoutItem[] {
  let y = 0;
  return [...items].sort(byPosition).map((i) => {
    const stacked = { i: i.i, x: 0, y, w: 1, h: i.h };
    y += i.h;
    return stacked;
  });
}

/**
 * A saved arrangement made safe to show: widgets the registry no longer has are dropped, sizes
 * respect each widget's minimum, and the phone column lists the same widgets as the wide grid.
 */
export function normalise(layouts: WidgetLayouts, registry: readonly WidgetDefinition[]): WidgetLayouts {
  const known = new Map(registry.map((w) => [w.id, w]));
  const fit = (i: WidgetLayoutItem, columns: number) => {
    const min = known.get(i.i)?.minSize ?? { w: 1, h: 1 };
    const w = Math.min(columns, Math.max(i.w, Math.min(min.w, columns)));
    return { ...item(i), w, h: Math.max(i.h, min.h), x: Math.min(i.x, columns - w) };
  };
  const lg = layouts.lg.filter((i) => known.has(i.i)).map((i) => fit(i, WIDE_COLUMNS));
  if (!layouts.sm) return { lg };
  const ids = new Set(lg.map((i) => i.i));
  const sm = layouts.sm.filter((i) => ids.has(i.i)).map((i) => fit({ ...i, x: 0, w: 1 }, 1));
  for (const missing of lg.filter((i) => !sm.some((s) => s.i === i.i))) sm.push({ ...missing, x: 0, w: 1, y: 10_000 });
  return { lg, sm: stackOf(sm) };
}

/** The column a phone shows: the client's own order once they reordered it there, else the wide grid's. */
export const phoneLayout = (layouts: WidgetLayouts) => stackOf(layouts.sm ?? layouts.lg);

export function addWidget(layouts: WidgetLayouts, widget: WidgetDefinition): WidgetLayouts {
  if (layouts.lg.some((i) => i.i === widget.id)) return layouts;
  const bottom = Math.max(0, ...layouts.lg.map((i) => i.y + i.h));
  const lg = [...layouts.lg, { i: widget.id, x: 0, y: bottom, ...widget.defaultSize }];
  const sm = layouts.sm ? stackOf([...layouts.sm, { i: widget.id, x: 0, y: 10_000, w: 1, h: widget.defaultSize.h }]) : undefined;
  return sm ? { lg, sm } : { lg };
}

export function removeWidget(layouts: WidgetLayouts, id: string): WidgetLayouts {
  const lg = layouts.lg.filter((i) => i.i !== id);
  return layouts.sm ? { lg, sm: stackOf(layouts.sm.filter((i) => i.i !== id)) } : { lg };
}

/**
 * Moves a widget one place earlier or later in reading order. On a phone the column is reordered
 * (and kept as the phone's own order); on a wide screen the widget swaps places with its neighbour.
 */
export function moveWidget(layouts: WidgetLayouts, id: string, direction: -1 | 1, phone: boolean): WidgetLayouts {
  if (phone) {
    const column = phoneLayout(layouts);
    const index = column.findIndex((i) => i.i === id);
    const target = index + direction;
    if (index < 0 || target < 0 || target >= column.length) return layouts;
    const reordered = [...column];
    [reordered[index], reordered[target]] = [reordered[target] as WidgetLayoutItem, reordered[index] as WidgetLayoutItem];
    let y = 0;
    const sm = reordered.map((i) => {
      const placed = { ...i, y };
      y += i.h;
      return placed;
    });
    return { lg: layouts.lg, sm };
  }
  const ordered = [...layouts.lg].sort(byPosition);
  const index = ordered.findIndex((i) => i.i === id);
  const other = ordered[index + direction];
  const self = ordered[index];
  if (!self || !other) return layouts;
  const swapped = layouts.lg.map((i) => {
    if (i.i === self.i) return { ...i, x: Math.min(other.x, WIDE_COLUMNS - i.w), y: other.y };
    if (i.i === other.i) return { ...i, x: Math.min(self.x, WIDE_COLUMNS - i.w), y: self.y };
    return i;
  });
  return layouts.sm ? { lg: swapped, sm: layouts.sm } : { lg: swapped };
}

/** What react-grid-layout reports, reduced to what we keep. */
export const fromGrid = (layout: readonly WidgetLayoutItem[]) => layout.map(item);
