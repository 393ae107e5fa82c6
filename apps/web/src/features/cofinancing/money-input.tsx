import { TextInput, type TextInputProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { eurosToCents } from './cofinancing.api.ts';

/**
 * An amount in euros as a person types it ("1 500", "20000,50", "12.5"): plain text read by its
 * digits (eurosToCents), so a French decimal comma is never taken for a thousands separator.
 */
export function MoneyInput({
  value,
  onChange,
  ...props
}: Omit<TextInputProps, 'value' | 'onChange'> & { value: string; onChange: (value: string) => void }) {
  const { t } = useTranslation();
  const invalid = value.trim() !== '' && Number.isNaN(eurosToCents(value));
  return (
    <TextInput
      inputMode="decimal"
      autoComplete="off"
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={invalid ? t('cofinancing.pledge.invalidAmount') : undefined}
      {...props}
    />
  );
}
