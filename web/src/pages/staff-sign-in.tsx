import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Principal } from '../api.ts';
import { Field, ProblemAlert } from '../components.tsx';

export function StaffSignIn() {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const login = useMutation({
    mutationFn: () => api<{ principal: Principal }>('/api/v1/auth/login', { body: { username: username.trim(), password } }),
    onSuccess: async (session) => {
      // Another principal's data must not linger; the header's "who am I" is asked again.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'me' });
      await queryClient.refetchQueries({ queryKey: ['me'] });
      const role = session.principal.role;
      await navigate({ to: role === 'PARTNER_USER' ? '/partner' : role === 'ADMINISTRATOR' ? '/dashboard' : '/officer' });
    },
  });
  return (
    <section className="narrow">
      <h1>{t('staff.title')}</h1>
      <p>{t('staff.intro')}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          login.mutate();
        }}
      >
        <Field label={t('staff.username')} error={login.error} pointer="/username">
          {(a) => <input {...a} autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />}
        </Field>
        <Field label={t('staff.password')} error={login.error} pointer="/password">
          {(a) => (
            <input
              {...a}
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <ProblemAlert error={login.error} />
        <button type="submit" className="button primary" disabled={login.isPending}>
          {t('staff.signIn')}
        </button>
      </form>
    </section>
  );
}
