-- The client's personal space (issue 6): their arrangement of widgets, one row per client.
-- { lg: [{ i, x, y, w, h }], sm: [...] | absent }: the wide grid and, once the client reordered it
-- on a phone, the single column; widget ids are the web app's registry ids.
create table client_widget_layouts (
  client_id uuid primary key references clients(id),
  bank_id uuid not null references banks(id),
  layouts jsonb not null,
  updated_at timestamptz not null default now()
);
