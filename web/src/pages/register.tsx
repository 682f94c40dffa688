import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { Field, OneTimeCodeField, ProblemAlert } from '../components.tsx';
import { forget, usePersistentState } from '../persist.ts';
import { phases } from './options.ts';
import { emptySignIn, PlacementFields, type SignInForm } from './worker.tsx';

interface Progress {
  step: 'phone' | 'code' | 'form' | 'done';
  phone: string;
  confirmationId: string;
  code: string;
  token: string;
  tokenExpiresAt: string;
  membershipNumber: string;
}

const emptyProgress: Progress = {
  step: 'phone',
  phone: '',
  confirmationId: '',
  code: '',
  token: '',
  tokenExpiresAt: '',
  membershipNumber: '',
};

const emptyForm = {
  segment: 'PMI',
  nik: '',
  fullName: '',
  birthDate: '',
  sex: '',
  email: '',
  phase: 'DURING_PLACEMENT',
  destinationCountry: '',
  employerName: '',
  placementRoute: 'PLACEMENT_EXECUTOR',
  contractStart: '',
  contractEnd: '',
  passportNumber: '',
  passportExpiry: '',
  occupation: '',
  income: '',
};
type RegistrationForm = typeof emptyForm;

/** The body the API expects, from what the form holds (empty optional fields left out). */
function bodyOf(form: RegistrationForm, token: string) {
  const abroad = form.segment === 'PMI' && form.phase === 'DURING_PLACEMENT';
  return {
    registrationToken: token,
    segment: form.segment,
    person: {
      nik: form.nik.trim(),
      fullName: form.fullName.trim(),
      birthDate: form.birthDate,
      sex: form.sex,
      ...(form.email.trim() ? { email: form.email.trim() } : {}),
      ...(abroad || form.passportNumber.trim()
        ? { passport: { number: form.passportNumber.trim().toUpperCase(), issuingCountry: 'ID', expiryDate: form.passportExpiry } }
        : {}),
    },
    ...(form.segment === 'PMI'
      ? {
          pmi: {
            phase: form.phase,
            ...(abroad
              ? {
                  placement: {
                    destinationCountry: form.destinationCountry,
                    ...(form.employerName.trim() ? { employerName: form.employerName.trim() } : {}),
                    placementRoute: form.placementRoute,
                    contractStart: form.contractStart,
                    contractEnd: form.contractEnd,
                  },
                }
              : {}),
          },
        }
      : { bpu: { occupation: form.occupation.trim(), declaredMonthlyIncome: Number(form.income.replace(/\D/g, '')) || 0 } }),
  };
}

export function Register() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  // Both survive a refresh or a dropped connection until the registration is sent.
  const [progress, setProgress, clearProgress] = usePersistentState<Progress>('register.progress', emptyProgress);
  const [form, setForm, clearForm] = usePersistentState<RegistrationForm>('register.form', emptyForm);
  const set = (key: keyof RegistrationForm) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));

  const sendCode = useMutation({
    mutationFn: () => api<{ confirmationId: string }>('/api/v1/self-service/phone-codes', { body: { phone: progress.phone.trim() } }),
    onSuccess: (answer) => setProgress((p) => ({ ...p, step: 'code', confirmationId: answer.confirmationId, code: '' })),
  });
  const confirm = useMutation({
    mutationFn: () =>
      api<{ registrationToken: string; expiresAt: string }>('/api/v1/self-service/phone-confirmations', {
        body: { confirmationId: progress.confirmationId, code: progress.code.trim() },
      }),
    onSuccess: (answer) => setProgress((p) => ({ ...p, step: 'form', token: answer.registrationToken, tokenExpiresAt: answer.expiresAt })),
  });
  const register = useMutation({
    mutationFn: () => api<{ membershipNumber: string }>('/api/v1/self-service/registrations', { body: bodyOf(form, progress.token) }),
    onSuccess: (answer) => {
      const signIn: SignInForm = { ...emptySignIn, nik: form.nik.trim() };
      localStorage.setItem('lindung.signin', JSON.stringify(signIn));
      clearForm();
      setProgress({ ...emptyProgress, step: 'done', membershipNumber: answer.membershipNumber });
    },
  });
  const tokenExpired = progress.step === 'form' && progress.tokenExpiresAt !== '' && new Date(progress.tokenExpiresAt) < new Date();
  const abroad = form.segment === 'PMI' && form.phase === 'DURING_PLACEMENT';
  const stepNumber = { phone: 1, code: 2, form: 3, done: 4 }[progress.step];

  return (
    <section>
      <h1>{t('register.title')}</h1>
      <p className="step" aria-live="polite">
        {t('register.step', { n: Math.min(stepNumber, 3), of: 3 })}
      </p>

      {progress.step === 'phone' && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            sendCode.mutate();
          }}
        >
          <h2>{t('register.phoneTitle')}</h2>
          <Field label={t('fields.phone')} hint={t('fields.phoneHint')} error={sendCode.error} pointer="/phone">
            {(a) => (
              <input
                {...a}
                type="tel"
                autoComplete="tel"
                required
                value={progress.phone}
                onChange={(e) => setProgress((p) => ({ ...p, phone: e.target.value }))}
              />
            )}
          </Field>
          <ProblemAlert error={sendCode.error} />
          <button type="submit" className="button primary" disabled={sendCode.isPending}>
            {t('register.sendCode')}
          </button>
        </form>
      )}

      {progress.step === 'code' && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            confirm.mutate();
          }}
        >
          <h2>{t('register.codeTitle')}</h2>
          <p role="status">{t('register.codeSentTo', { phone: progress.phone })}</p>
          <OneTimeCodeField error={confirm.error} value={progress.code} onChange={(code) => setProgress((p) => ({ ...p, code }))} />
          <ProblemAlert error={confirm.error} />
          <div className="actions">
            <button type="submit" className="button primary" disabled={confirm.isPending}>
              {t('register.confirm')}
            </button>
            <button type="button" className="button" onClick={() => setProgress((p) => ({ ...p, step: 'phone' }))}>
              {t('register.changePhone')}
            </button>
          </div>
        </form>
      )}

      {progress.step === 'form' && (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            register.mutate();
          }}
        >
          <h2>{t('register.formTitle')}</h2>
          {tokenExpired && (
            <p className="alert" role="alert">
              {t('errors.PHONE_NOT_CONFIRMED')}{' '}
              <button type="button" className="link" onClick={() => setProgress((p) => ({ ...p, step: 'phone' }))}>
                {t('register.changePhone')}
              </button>
            </p>
          )}
          <fieldset>
            <legend>{t('register.segment')}</legend>
            {(['PMI', 'BPU'] as const).map((segment) => (
              <label key={segment} className="choice">
                <input type="radio" name="segment" value={segment} checked={form.segment === segment} onChange={set('segment')} />
                {t(`register.segment${segment}`)}
              </label>
            ))}
          </fieldset>
          <Field label={t('fields.nik')} hint={t('fields.nikHint')} error={register.error} pointer="/person/nik">
            {(a) => <input {...a} inputMode="numeric" required autoComplete="off" value={form.nik} onChange={set('nik')} />}
          </Field>
          <Field label={t('fields.fullName')} error={register.error} pointer="/person/fullName">
            {(a) => <input {...a} required autoComplete="name" value={form.fullName} onChange={set('fullName')} />}
          </Field>
          <Field label={t('fields.birthDate')} error={register.error} pointer="/person/birthDate">
            {(a) => <input {...a} type="date" required autoComplete="bday" value={form.birthDate} onChange={set('birthDate')} />}
          </Field>
          <Field label={t('fields.sex')} error={register.error} pointer="/person/sex">
            {(a) => (
              <select {...a} required value={form.sex} onChange={set('sex')}>
                <option value="">{t('common.choose')}</option>
                <option value="F">{t('fields.female')}</option>
                <option value="M">{t('fields.male')}</option>
              </select>
            )}
          </Field>
          <Field label={t('fields.emailOptional')} error={register.error} pointer="/person/email">
            {(a) => <input {...a} type="email" autoComplete="email" value={form.email} onChange={set('email')} />}
          </Field>

          {form.segment === 'PMI' ? (
            <>
              <Field label={t('fields.phase')} error={register.error} pointer="/pmi/phase">
                {(a) => (
                  <select {...a} value={form.phase} onChange={set('phase')}>
                    {phases.map((p) => (
                      <option key={p} value={p}>
                        {t(`phase.${p}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              {abroad && (
                <>
                  <PlacementFields form={form} set={set} error={register.error} pointer="/pmi/placement" />
                  <Field label={t('fields.passportNumber')} error={register.error} pointer="/person/passport/number">
                    {(a) => <input {...a} required autoComplete="off" value={form.passportNumber} onChange={set('passportNumber')} />}
                  </Field>
                  <Field label={t('fields.passportExpiry')} error={register.error} pointer="/person/passport/expiryDate">
                    {(a) => <input {...a} type="date" required value={form.passportExpiry} onChange={set('passportExpiry')} />}
                  </Field>
                </>
              )}
            </>
          ) : (
            <>
              <Field label={t('fields.occupation')} error={register.error} pointer="/bpu/occupation">
                {(a) => <input {...a} required value={form.occupation} onChange={set('occupation')} />}
              </Field>
              <Field label={t('fields.income')} hint={t('fields.incomeHint')} error={register.error} pointer="/bpu/declaredMonthlyIncome">
                {(a) => <input {...a} inputMode="numeric" required value={form.income} onChange={set('income')} />}
              </Field>
            </>
          )}
          <ProblemAlert error={register.error} />
          <p className="hint">{t('register.kept')}</p>
          <button type="submit" className="button primary" disabled={register.isPending}>
            {t('register.submit')}
          </button>
        </form>
      )}

      {progress.step === 'done' && (
        <div>
          <h2>{t('register.doneTitle')}</h2>
          <p role="status">
            {t('register.doneNumber')} <strong className="number">{progress.membershipNumber}</strong>
          </p>
          <p>{t('register.doneNext')}</p>
          <div className="actions">
            <button
              type="button"
              className="button primary"
              onClick={() => {
                clearProgress();
                forget('register.progress');
                void navigate({ to: '/signin' });
              }}
            >
              {t('register.signInNow')}
            </button>
            <Link to="/" className="button" onClick={() => clearProgress()}>
              {t('common.home')}
            </Link>
          </div>
        </div>
      )}
    </section>
  );
}
