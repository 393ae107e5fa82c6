import { notifications } from '@mantine/notifications';
import { ApiError } from '../api/http-client.ts';
import { i18next } from '../i18n/i18n.ts';

/** Shows the server's message as is: it is written to be read by the person. */
export function notifyError(error: unknown) {
  const message = error instanceof Error ? error.message : String(error);
  notifications.show({
    color: 'red',
    title: i18next.t('common.error'),
    message,
    autoClose: 8000,
    withBorder: true,
    id: error instanceof ApiError ? `error-${error.code}` : undefined,
  });
}

export function notifySuccess(message: string) {
  notifications.show({ color: 'teal', message, autoClose: 3000, withBorder: true });
}
