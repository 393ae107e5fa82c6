import { Alert, Button, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { browserSupportsWebAuthn } from '@simplewebauthn/browser';
import { IconFingerprint } from '@tabler/icons-react';
import { createContext, type ReactNode, useCallback, useContext, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/http-client.ts';
import { passkeyAssertion } from '../client-settings/client-settings.api.ts';
import { passkeyErrorMessage } from '../client-settings/passkey-errors.ts';
import { clientReauthenticate } from './client-auth.api.ts';

type WithReauth = <T>(action: () => Promise<T>) => Promise<T>;
const ReauthContext = createContext<WithReauth>((action) => action());

/**
 * `withReauth(action)`: runs a sensitive action; when the server answers that it needs both
 * factors again (reauthentication_required), asks for them, then runs the action once more.
 */
export function useWithReauth(): WithReauth {
  return useContext(ReauthContext);
}

export function ReauthProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const passkeysSupported = browserSupportsWebAuthn();
  const pending = useRef<{ resolve: () => void; reject: (e: unknown) => void } | null>(null);

  const withReauth = useCallback<WithReauth>(async (action) => {
    try {
      return await action();
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'reauthentication_required')) throw error;
      await new Promise<void>((resolve, reject) => {
        pending.current = { resolve, reject };
        setPassword('');
        setCode('');
        setError(null);
        setOpen(true);
      });
      return action();
    }
  }, []);

  const confirm = async (factor: 'totp' | 'passkey' = 'totp') => {
    setBusy(true);
    setError(null);
    try {
      const second = factor === 'passkey' ? { passkey: await passkeyAssertion() } : { totp: code };
      await clientReauthenticate({ password, ...second });
      setOpen(false);
      pending.current?.resolve();
    } catch (caught) {
      setError(passkeyErrorMessage(caught));
    } finally {
      setBusy(false);
    }
  };
  const cancel = () => {
    setOpen(false);
    pending.current?.reject(new ApiError(403, 'reauthentication_cancelled', t('clientSpace.reauth.body')));
  };

  return (
    <ReauthContext.Provider value={withReauth}>
      {children}
      <Modal opened={open} onClose={cancel} title={t('clientSpace.reauth.title')} centered>
        <Stack gap="sm">
          <Text size="sm">{passkeysSupported ? t('clientSpace.reauth.bodyPasskey') : t('clientSpace.reauth.body')}</Text>
          {error ? <Alert color="red">{error}</Alert> : null}
          <PasswordInput
            label={t('clientSpace.login.password')}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            data-testid="reauth-password"
          />
          <TextInput
            label={t('clientSpace.login.code')}
            value={code}
            inputMode="numeric"
            autoComplete="one-time-code"
            onChange={(e) => setCode(e.currentTarget.value.replace(/\D/g, '').slice(0, 6))}
            data-testid="reauth-code"
          />
          <Button onClick={() => void confirm()} loading={busy} disabled={!password || code.length !== 6} data-testid="reauth-confirm">
            {t('clientSpace.reauth.confirm')}
          </Button>
          {passkeysSupported ? (
            <Button
              variant="light"
              leftSection={<IconFingerprint size={18} />}
              onClick={() => void confirm('passkey')}
              disabled={busy || !password}
              data-testid="reauth-passkey"
            >
              {t('clientSpace.reauth.usePasskey')}
            </Button>
          ) : null}
        </Stack>
      </Modal>
    </ReauthContext.Provider>
  );
}
