import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useNavigate } from '@tanstack/react-router';
import { type ReactNode, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, currentPrincipal, fieldMessage, onSessionLost, problemMessage } from './api.ts';
import { changeLanguage, isLanguage, languageNames, languages } from './i18n.ts';

/** Who is signed in (null: nobody). */
export function useMe() {
  return useQuery({
    queryKey: ['me'],
    // The session route answers 200 either way: no 401 in the console of a signed-out visitor.
    queryFn: currentPrincipal,
    staleTime: 60_000,
  });
}

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <div className="language">
      <label htmlFor={id}>{t('common.language')}</label>
      <select
        id={id}
        value={i18n.language}
        onChange={(event) => {
          if (isLanguage(event.target.value)) void changeLanguage(event.target.value);
        }}
      >
        {languages.map((language) => (
          <option key={language} value={language} lang={language}>
            {languageNames[language]}
          </option>
        ))}
      </select>
    </div>
  );
}

function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, []);
  return online;
}

export function Layout() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const online = useOnline();
  const [sessionLost, setSessionLost] = useState(false);
  useEffect(
    () =>
      onSessionLost(() => {
        setSessionLost(true);
        queryClient.setQueryData(['me'], null);
      }),
    [queryClient],
  );
  const principal = me.data;
  const staffRole = principal?.kind === 'staff' ? principal.role : undefined;
  const signOut = async () => {
    try {
      await api('/api/v1/auth/logout', { method: 'POST' });
    } catch {
      // already signed out
    }
    queryClient.setQueryData(['me'], null);
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'me' });
    await navigate({ to: '/' });
  };
  return (
    <>
      <a className="skip" href="#main">
        {t('common.skip')}
      </a>
      <header className="top">
        <Link to="/" className="brand">
          <img src="/icon.svg" alt="" width="28" height="28" />
          <span>Lindung</span>
        </Link>
        <nav aria-label={t('common.menu')}>
          <ul>
            {principal?.kind === 'member' && (
              <>
                <li>
                  <Link to="/me">{t('nav.myMembership')}</Link>
                </li>
                <li>
                  <Link to="/claims">{t('nav.myClaims')}</Link>
                </li>
              </>
            )}
            {staffRole && ['OFFICER', 'SUPERVISOR', 'AUDITOR'].includes(staffRole) && (
              <>
                <li>
                  <Link to="/officer">{t('nav.members')}</Link>
                </li>
                <li>
                  <Link to="/officer/claims">{t('nav.claims')}</Link>
                </li>
                <li>
                  <Link to="/officer/payments">{t('nav.payments')}</Link>
                </li>
              </>
            )}
            {staffRole === 'PARTNER_USER' && (
              <li>
                <Link to="/partner">{t('nav.partner')}</Link>
              </li>
            )}
            {staffRole && (
              <li>
                <Link to="/dashboard">{t('nav.dashboard')}</Link>
              </li>
            )}
            {principal && (
              <li>
                <button type="button" className="link" onClick={signOut}>
                  {t('nav.signOut')}
                </button>
              </li>
            )}
          </ul>
        </nav>
        <LanguageSwitch />
      </header>
      {!online && (
        <p className="banner offline" role="status">
          {t('common.offline')}
        </p>
      )}
      {sessionLost && !principal && (
        <p className="banner warning" role="alert">
          {t('errors.SESSION_INVALID')}{' '}
          <button type="button" className="link" onClick={() => setSessionLost(false)}>
            {t('common.close')}
          </button>
        </p>
      )}
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="bottom">
        <Link to="/verify">{t('nav.verify')}</Link> · <Link to="/staff">{t('nav.staff')}</Link>
      </footer>
    </>
  );
}

/** A problem from the API, in the reader's language, with the fields it names. */
export function ProblemAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const fields = error instanceof ApiError ? error.errors : [];
  return (
    <div className="alert" role="alert">
      <p>{problemMessage(error)}</p>
      {error instanceof ApiError && error.code === 'DUPLICATE_REGISTRATION' && typeof error.body.membershipNumber === 'string' && (
        <p>{t('register.alreadyNumber', { number: error.body.membershipNumber })}</p>
      )}
      {fields.length > 0 && (
        <ul>
          {fields.map((f) => (
            <li key={`${f.pointer}-${f.code}`}>{fieldMessage(f)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The API's problems of one field, by JSON Pointer. */
export function problemsAt(error: unknown, pointer: string): string[] {
  if (!(error instanceof ApiError)) return [];
  return error.errors.filter((e) => e.pointer === pointer || e.pointer.startsWith(`${pointer}/`)).map(fieldMessage);
}

export function Field(props: {
  label: string;
  hint?: string;
  error?: unknown;
  pointer?: string;
  children: (attributes: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }) => ReactNode;
}) {
  const id = useId();
  const problems = props.pointer ? problemsAt(props.error, props.pointer) : [];
  const described = [props.hint ? `${id}-hint` : '', problems.length ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`field${problems.length ? ' invalid' : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      {props.hint && (
        <p className="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.children({
        id,
        ...(described ? { 'aria-describedby': described } : {}),
        ...(problems.length ? { 'aria-invalid': true } : {}),
      })}
      {problems.length > 0 && (
        <p className="field-error" id={`${id}-error`}>
          {problems.join(' ')}
        </p>
      )}
    </div>
  );
}

/** The six-digit one-time code field, which phones offer to fill in from the message. */
export function OneTimeCodeField(props: { error: unknown; value: string; onChange: (code: string) => void }) {
  const { t } = useTranslation();
  return (
    <Field label={t('fields.code')} hint={t('fields.codeHint')} error={props.error} pointer="/code">
      {(a) => (
        <input
          {...a}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          required
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p role="status" className="loading">
      {t('common.loading')}
    </p>
  );
}

/** Sends the visitor to a sign-in page when the wrong kind of principal (or none) is here. */
export function RequireSignIn(props: { kind: 'member' | 'staff'; roles?: string[]; children: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  if (me.isPending) return <Loading />;
  const principal = me.data;
  const allowed = principal?.kind === props.kind && (!props.roles || props.roles.includes(principal.role ?? ''));
  if (!allowed) {
    return (
      <section>
        <h1>{t('common.signInFirst')}</h1>
        <p>{props.kind === 'member' ? <Link to="/signin">{t('home.signIn')}</Link> : <Link to="/staff">{t('nav.staff')}</Link>}</p>
      </section>
    );
  }
  return <>{props.children}</>;
}

/** The first-page and next-page buttons under a `{ items, nextCursor }` list. */
export function Pager<Cursor extends string | number>(props: {
  cursor: Cursor | null;
  nextCursor: Cursor | null | undefined;
  onChange: (cursor: Cursor | null) => void;
}) {
  const { t } = useTranslation();
  const { cursor, nextCursor, onChange } = props;
  return (
    <div className="actions">
      {cursor !== null && (
        <button type="button" className="button" onClick={() => onChange(null)}>
          {t('common.first')}
        </button>
      )}
      {nextCursor != null && (
        <button type="button" className="button" onClick={() => onChange(nextCursor)}>
          {t('common.more')}
        </button>
      )}
    </div>
  );
}

/**
 * A wide table's scroll container. Sideways overflow on a phone can only be read by
 * keyboard if the container takes focus, and a focusable region needs a name: the caption
 * of its table (`labelledBy`) followed by "table (scrollable)", which also keeps it apart
 * from a section headed with the same words.
 */
export function ScrollRegion({ labelledBy, children }: { labelledBy?: string; children: ReactNode }) {
  const { t } = useTranslation();
  const hintId = useId();
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to be scrolled by keyboard.
    <section className="table-wrap" aria-labelledby={labelledBy ? `${labelledBy} ${hintId}` : hintId} tabIndex={0}>
      <span id={hintId} hidden>
        {t('exchange.scrollTable')}
      </span>
      {children}
    </section>
  );
}

/** A column header: its label, and whether its cells are figures (right-aligned, `amount`). */
export type Column = string | { label: string; numeric: true };

/**
 * A table in its scroll region: the caption (visually hidden unless `captionVisible`) names
 * both, the header row comes from `columns`, and the rows are the children.
 */
export function DataTable(props: {
  caption: string;
  captionVisible?: boolean;
  columns: Column[];
  footer?: ReactNode;
  testId?: string;
  children: ReactNode;
}) {
  const captionId = useId();
  return (
    <ScrollRegion labelledBy={captionId}>
      <table data-testid={props.testId}>
        <caption id={captionId} className={props.captionVisible ? undefined : 'visually-hidden'}>
          {props.caption}
        </caption>
        <thead>
          <tr>
            {props.columns.map((column) =>
              typeof column === 'string' ? (
                <th key={column} scope="col">
                  {column}
                </th>
              ) : (
                <th key={column.label} scope="col" className="amount">
                  {column.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
        {props.footer && <tfoot>{props.footer}</tfoot>}
      </table>
    </ScrollRegion>
  );
}

/** A figures column for `DataTable`. */
export function numeric(label: string): Column {
  return { label, numeric: true };
}

/**
 * The states of a `{ items }` query around what shows its items: loading until the first
 * answer, the problem if there is one, `empty` for an empty list, else `children(items)`.
 * A failed refetch keeps the last items on screen under the problem. Without `empty`, an
 * empty list goes to the children too (a table then still shows its header).
 */
export function ListState<Item>(props: {
  query: { isPending: boolean; error: unknown; data?: { items: Item[] } | undefined };
  empty?: ReactNode;
  children: (items: Item[]) => ReactNode;
}) {
  const { isPending, error, data } = props.query;
  if (isPending) return <Loading />;
  return (
    <>
      <ProblemAlert error={error} />
      {data && (data.items.length === 0 && props.empty !== undefined ? props.empty : props.children(data.items))}
    </>
  );
}

export interface Period {
  from: string;
  to: string;
}

/** A report's period as two dates, applied as soon as either changes. */
export function PeriodFields({ period, onChange }: { period: Period; onChange: (period: Period) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <Field label={t('common.from')}>
        {(a) => <input {...a} type="date" value={period.from} onChange={(e) => onChange({ ...period, from: e.target.value })} />}
      </Field>
      <Field label={t('common.to')}>
        {(a) => <input {...a} type="date" value={period.to} onChange={(e) => onChange({ ...period, to: e.target.value })} />}
      </Field>
    </>
  );
}
