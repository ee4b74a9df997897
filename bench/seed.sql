-- The benchmark's data set: :users users (ids md5('bench-' || n)::uuid, so that tokens and
-- pgbench can name them without a lookup), each with a subscription (90 % active, 5 % trialing,
-- 5 % canceled) to one of four plans, and ten issued invoices each.
-- Run as the database owner (a superuser in the benchmark's container): with
-- session_replication_role = replica no trigger fires (no NOTIFY storm) and no foreign key is
-- checked row by row, which makes a million rows a matter of seconds.
\set ON_ERROR_STOP on
set session_replication_role = replica;
set synchronous_commit = off;

insert into plans (code, name, price_minor, currency, billing_interval, trial_days) values
    ('bench-free', 'Free', 0, 'EUR', 'month', 0),
    ('bench-starter', 'Starter', 900, 'EUR', 'month', 14),
    ('bench-pro', 'Pro', 2900, 'EUR', 'month', 14),
    ('bench-team', 'Team', 9900, 'EUR', 'month', 30)
on conflict (code) do nothing;

insert into plan_features (plan_id, feature_key, limit_value)
select p.id, f.key, f.lim
  from plans p
  join (values
    ('bench-free', 'projects', 1), ('bench-free', 'seats', 1), ('bench-free', 'storage.gb', 1),
    ('bench-starter', 'projects', 5), ('bench-starter', 'seats', 3), ('bench-starter', 'storage.gb', 10),
    ('bench-starter', 'api.calls', 10000),
    ('bench-pro', 'projects', 50), ('bench-pro', 'seats', 10), ('bench-pro', 'storage.gb', 100),
    ('bench-pro', 'api.calls', 1000000), ('bench-pro', 'sso', null),
    ('bench-team', 'projects', null), ('bench-team', 'seats', 50), ('bench-team', 'storage.gb', 1000),
    ('bench-team', 'api.calls', null), ('bench-team', 'sso', null), ('bench-team', 'audit.log', null)
  ) as f (plan, key, lim) on f.plan = p.code
on conflict do nothing;

insert into users (id, email, display_name, password_hash, email_verified, created_at)
select md5('bench-' || n)::uuid, 'bench-' || n || '@example.test', 'Bench User ' || n,
       '{noop}not-a-real-password', true, timestamptz '2024-01-01' + n * interval '1 minute'
  from generate_series(1, :users) n
on conflict do nothing;

insert into user_roles (user_id, role)
select md5('bench-' || n)::uuid, 'USER' from generate_series(1, :users) n
on conflict do nothing;

with plan_ids as (select array_agg(id order by price_minor) as ids from plans where code like 'bench-%')
insert into subscriptions (user_id, plan_id, status, current_period_start, current_period_end, canceled_at)
select md5('bench-' || n)::uuid,
       (select ids[1 + n % 4] from plan_ids),
       case when n % 20 = 0 then 'canceled' when n % 20 = 1 then 'trialing' else 'active' end,
       timestamptz '2026-11-01', timestamptz '2026-12-01',
       case when n % 20 = 0 then timestamptz '2026-11-15' end
  from generate_series(1, :users) n;

insert into invoices (number, user_id, billing_reason, status, currency, subtotal_minor, total_minor,
                      period_start, period_end, issued_at, due_at, paid_at, created_at)
select 'B' || lpad(((n - 1) * 10 + k)::text, 10, '0'),
       md5('bench-' || n)::uuid,
       'manual',
       case when k = 10 then 'open' else 'paid' end,
       'EUR', 1900, 1900,
       t.at, t.at + interval '1 month', t.at, t.at + interval '14 days',
       case when k < 10 then t.at + interval '1 day' end,
       t.at
  from generate_series(1, :users) n
 cross join generate_series(1, 10) k
 cross join lateral (select timestamptz '2026-01-01' + (k - 1) * interval '1 month'
                            + (n % 86400) * interval '1 second' as at) t;

-- Every issued invoice adds up to its lines (the rule V21 checks at commit; off in replica mode).
insert into invoice_lines (invoice_id, description, quantity, unit_amount_minor, amount_minor)
select id, 'Subscription', 1, subtotal_minor, subtotal_minor from invoices where number like 'B%';

set session_replication_role = origin;
analyze;
