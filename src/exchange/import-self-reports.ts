import { fullFormats } from 'ajv-formats/dist/formats.js';
import { type RawBuilder, sql } from 'kysely';
import type { AppContext } from '../context.ts';
import { stagePartnerRecordsStatement } from '../harmonization/service.ts';
import { COUNTRY_CODES } from '../kernel/countries.ts';
import type { OutcomeCount } from './import-file.ts';
import { statusTopic } from './receive-message.ts';

// The document schema's email format (ajv-formats, full mode), for the same answer in SQL.
const emailPattern = (fullFormats.email as RegExp).source;
// Digits first: ltrim compares each character with the set in order, and passport numbers are mostly digits.
const passportCharacters = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export interface SelfReportJob {
  importId: string;
  staging: string;
  /** Rows staged (numbered 1 to `rows`). */
  rows: number;
  partnerId: string;
  /** Columns the agreement does not let this partner send: a row that fills one is rejected. */
  forbidden: string[];
  /** The partner is answered with MEMBERSHIP_STATUS (it has a gateway and an agreement to receive it). */
  answerWithStatus: boolean;
}

/**
 * The SELF_REPORT rows of a staged file, set-wise: each row is checked (the document
 * schema's rules), matched to a member by NIK and passport, and its outcome written once,
 * together with what it produced — a presence report (and, when the partner wants it, the
 * MEMBERSHIP_STATUS answer in the outbox), or an outreach lead also staged for
 * harmonization. Rows that would register a new member are left PENDING for the row-by-row
 * pass. One statement does it all, for the whole file or (on a database server) for each
 * slice of it; rows already settled (an import resumed) are skipped, and each statement
 * commits whole or not at all: each row is applied once. Returns the rows it settled,
 * counted by outcome and effect.
 */
export async function applySelfReportsSetWise(ctx: AppContext, job: SelfReportJob): Promise<OutcomeCount[]> {
  // A database server has cores to spare while this process waits: a large file goes in as
  // slices of rows, each its own statement and transaction, side by side. Each slice commits
  // whole or not at all, so an interrupted import resumes with the slices that did not.
  const slices = ctx.engine === 'postgres' ? Math.max(1, Math.min(serverSlices, job.rows)) : 1;
  // Without statistics the planner would take a slice of a large file for a few rows and
  // look members up one by one; sampled, it hashes them as it does a whole file.
  if (slices > 1 && job.rows >= analyzeAbove) await sql`analyze ${sql.table(job.staging)}`.execute(ctx.db);
  const size = Math.ceil(job.rows / slices);
  const settled = await Promise.allSettled(
    Array.from({ length: slices }, (_, i) => applySlice(ctx, job, slices === 1 ? undefined : { from: i * size + 1, to: (i + 1) * size })),
  );
  // Every slice has ended (committed or rolled back) before a failure is passed on.
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  const total = new Map<string, OutcomeCount>();
  for (const count of settled.flatMap((s) => (s.status === 'fulfilled' ? s.value : []))) {
    const key = `${count.outcome}:${count.effect}`;
    const sum = total.get(key);
    if (sum) sum.n += count.n;
    else total.set(key, { ...count });
  }
  return [...total.values()];
}

// The database servers we run on have two cores: more slices would only take turns on them.
const serverSlices = 2;
const analyzeAbove = 10_000;

async function applySlice(ctx: AppContext, job: SelfReportJob, slice: { from: number; to: number } | undefined): Promise<OutcomeCount[]> {
  const s = sql.table(job.staging);
  const inSlice = slice ? sql`and st.row_number between ${slice.from} and ${slice.to}` : sql``;
  const now = ctx.clock.now();
  const reference = sql`'file:' || ${job.importId}::text || ':' || c.row_number`;
  const countries = sql`${`{${COUNTRY_CODES.join(',')}}`}::text[]`;
  const notAgreed = job.forbidden.map((c) => sql`case when ${sql.ref(`st.${c}`)} <> '' then ${`${c}:FIELD_NOT_AGREED`} end`);
  const statuses: RawBuilder<unknown> = job.answerWithStatus
    ? sql`, statuses as (
        insert into outbox (topic, payload)
        select ${statusTopic}, jsonb_build_object('partnerId', ${job.partnerId}::text, 'membershipNumber', c.membership_number, 'inReplyTo', ${reference})
        from classified c where c.class = 'MATCHED'
      )`
    : sql``;
  const outcomeOf = sql`case c.class when 'REJECTED' then 'REJECTED' when 'CONFLICT' then 'REJECTED' when 'PENDING' then 'PENDING' else 'ACCEPTED' end`;
  const effectOf = sql`case c.class when 'MATCHED' then 'MATCHED' when 'LEAD' then 'LEAD_CREATED' end`;
  return ctx.db.transaction().execute(async (trx) => {
    // One pass of hash joins over the whole file, in memory: the planner, misled by the
    // computed join keys, would otherwise sort both sides to disk for merge joins.
    await sql`set local work_mem = '256MB'`.execute(trx);
    await sql`set local enable_mergejoin = off`.execute(trx);
    // Compiling this one big statement with JIT costs seconds and saves nothing.
    if (ctx.engine === 'postgres') await sql`set local jit = off`.execute(trx);
    const { rows } = await sql<OutcomeCount>`
      with checked as (
        -- Each row's problems as 'column:CODE' words, '' when it has none. "offset 0" keeps
        -- the subquery a fence: its values are computed once a row, not once for every use.
        select st.row_number, st.nik, st.passport_number, st.passport_country, st.full_name, st.birth_date, st.sex, st.phone,
          st.email, st.country, st.address_line, st.address_city, st.employer_name, st.contract_start, st.contract_end,
          st.passport_expiry <> '' as has_passport_expiry, lower(trim(coalesce(st.consent_to_register, ''))) as consent,
          concat_ws(' ',
            'row:' || st.shape_problem,
            case when coalesce(trim(st.full_name), '') = '' then 'full_name:FIELD_REQUIRED'
              when length(st.full_name) > 200 then 'full_name:TOO_LONG' end,
            case when not exchange_is_date(st.birth_date) then 'birth_date:INVALID_DATE' end,
            case when st.sex is null or st.sex not in ('F', 'M') then 'sex:INVALID_VALUE' end,
            case when st.nik <> '' and not (octet_length(st.nik) = 16 and ltrim(st.nik, '0123456789') = '') then 'nik:INVALID_NIK' end,
            case when coalesce(st.nik, '') = '' and coalesce(st.passport_number, '') = '' then 'nik:IDENTITY_REQUIRED' end,
            case when st.passport_number <> '' and not (octet_length(st.passport_number) between 5 and 20
              and ltrim(st.passport_number, ${passportCharacters}) = '') then 'passport_number:INVALID_FORMAT' end,
            case when st.passport_country <> '' and not st.passport_country = any(${countries}) then 'passport_country:UNKNOWN_COUNTRY' end,
            case when st.passport_expiry <> '' and not exchange_is_date(st.passport_expiry) then 'passport_expiry:INVALID_DATE' end,
            case when st.country is null or not st.country = any(${countries}) then 'country:UNKNOWN_COUNTRY' end,
            -- Lengths in bytes first: a cell no longer in bytes than the limit is within it in characters.
            case when octet_length(st.phone) > 20 and length(st.phone) > 20 then 'phone:TOO_LONG' end,
            case when st.email <> '' and (length(st.email) > 254 or st.email !~* ${emailPattern}) then 'email:INVALID_EMAIL' end,
            case when octet_length(st.address_line) > 300 and length(st.address_line) > 300 then 'address_line:TOO_LONG' end,
            case when coalesce(st.address_line, '') = '' and st.address_city <> '' then 'address_line:FIELD_REQUIRED' end,
            case when octet_length(st.address_city) > 100 and length(st.address_city) > 100 then 'address_city:TOO_LONG' end,
            case when octet_length(st.employer_name) > 200 and length(st.employer_name) > 200 then 'employer_name:TOO_LONG' end,
            case when st.contract_start <> '' and not exchange_is_date(st.contract_start) then 'contract_start:INVALID_DATE' end,
            case when st.contract_end <> '' and not exchange_is_date(st.contract_end) then 'contract_end:INVALID_DATE' end,
            -- Compared as text: two dates in this form sort as they follow each other.
            case when st.contract_start like '____-__-__' and st.contract_end like '____-__-__' and st.contract_end <= st.contract_start
              then 'contract_end:CONTRACT_ENDS_BEFORE_START' end,
            case when (coalesce(st.contract_start, '') = '') <> (coalesce(st.contract_end, '') = '') then 'contract_end:CONTRACT_INCOMPLETE'
              when coalesce(st.contract_start, '') = '' and st.placement_route <> '' then 'contract_start:CONTRACT_INCOMPLETE' end,
            case when st.placement_route not in ('', 'PLACEMENT_EXECUTOR', 'INDIVIDUAL') then 'placement_route:INVALID_VALUE' end,
            case when lower(trim(coalesce(st.consent_to_register, ''))) not in ('', 'true', 'false', 'yes', 'no', 'y', 'n', '1', '0', 'ya', 'tidak')
              then 'consent_to_register:INVALID_VALUE' end
            ${notAgreed.length > 0 ? sql`, ${sql.join(notAgreed)}` : sql``}
          ) as problems
        from ${s} st
        where not exists (select 1 from exchange_import_rows r where r.import_id = ${job.importId} and r.row_number = st.row_number)
          ${inSlice}
        offset 0
      ), classified as (
        -- Plain equi-joins: a row with problems matches nothing. A NIK or a passport number
        -- that passed the checks has no spaces to trim; a passport without its country is
        -- an Indonesian one. The keys are compared as the columns' own type (char), so that
        -- a small file looks members up by index and a large one hashes the columns as stored.
        select c.row_number, c.nik, c.passport_number, c.full_name, c.birth_date, c.sex, c.phone, c.email, c.country,
          c.address_line, c.address_city, c.employer_name, c.contract_start, c.contract_end, c.problems,
          ms.id as membership_id, ms.membership_number,
          case
            when c.problems <> '' then 'REJECTED'
            when pn.id is not null and pp.person_id is not null and pn.id <> pp.person_id then 'CONFLICT'
            when ms.id is not null then 'MATCHED'
            when c.consent in ('true', 'yes', 'y', '1', 'ya') and c.passport_number <> '' and c.has_passport_expiry
              and c.contract_start <> '' then 'PENDING'
            else 'LEAD'
          end as class
        from checked c
        left join persons pn on pn.nik = (case when c.problems = '' then c.nik end)::bpchar
        left join passports pp on pp.issuing_country = coalesce(nullif(c.passport_country, ''), 'ID')::bpchar
          and pp.number = case when c.problems = '' then c.passport_number end
        left join memberships ms on ms.person_id = coalesce(pp.person_id, pn.id)
      ), presence as (
        -- In membership order: the index on membership_id then takes its entries in sequence.
        insert into exchange_presence_reports (partner_id, message_id, membership_id, country, employer_name, contract_start, contract_end, reported_at)
        select ${job.partnerId}, ${reference}, c.membership_id, c.country, nullif(c.employer_name, ''),
          nullif(c.contract_start, '')::date, nullif(c.contract_end, '')::date, ${now}
        from classified c where c.class = 'MATCHED'
        order by c.membership_id
      ), leads as (
        insert into exchange_leads (partner_id, message_id, country, contact, created_at)
        select ${job.partnerId}, ${reference}, c.country,
          jsonb_build_object('fullName', c.full_name, 'phone', nullif(c.phone, ''), 'email', nullif(c.email, ''),
            'address', case when coalesce(c.address_line, '') <> '' then jsonb_build_object('line', c.address_line, 'city', nullif(c.address_city, ''), 'country', c.country) end),
          ${now}
        from classified c where c.class = 'LEAD'
      ), linkage as (
        -- Leads matched no member exactly: harmonization may still find the person.
        ${stagePartnerRecordsStatement(sql`
          select 'SELF_REPORT' as source_type, ${job.partnerId}::uuid as partner_id, ${reference} as source_reference, c.nik,
            c.full_name, c.birth_date, c.sex, c.passport_number, c.phone, c.country as destination_country
          from classified c where c.class = 'LEAD'
        `)}
      )${statuses}, outcomes as (
        insert into exchange_import_rows (import_id, row_number, outcome, effect, membership_id, reasons)
        select ${job.importId}, c.row_number,
          ${outcomeOf}, ${effectOf},
          c.membership_id,
          case
            when c.class = 'REJECTED' then (select jsonb_agg(jsonb_build_object('column', split_part(p, ':', 1), 'code', split_part(p, ':', 2)))
              from unnest(string_to_array(c.problems, ' ')) p)
            when c.class = 'CONFLICT' then jsonb_build_array(jsonb_build_object('column', 'passport_number', 'code', 'IDENTITY_CONFLICT'))
          end
        from classified c
      )
      select o.outcome, o.effect, count(*)::int as n
      from classified c, lateral (select ${outcomeOf} as outcome, ${effectOf} as effect) o
      group by o.outcome, o.effect
    `.execute(trx);
    return rows;
  });
}
