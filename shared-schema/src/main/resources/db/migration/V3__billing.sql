-- Billing. Money is bigint minor units with an ISO 4217 currency; never a float.

create table plans (
    id               bigint generated always as identity primary key,
    code             varchar(40)  not null unique check (code ~ '^[a-z0-9][a-z0-9_-]*$'),
    name             varchar(100) not null,
    price_minor      bigint       not null check (price_minor >= 0),
    currency         varchar(3)   not null check (currency ~ '^[A-Z]{3}$'),
    billing_interval varchar(5)   not null check (billing_interval in ('month', 'year')),
    trial_days       integer      not null default 0 check (trial_days between 0 and 365),
    active           boolean      not null default true,
    created_at       timestamptz  not null default now(),
    updated_at       timestamptz  not null default now(),
    version          bigint       not null default 0
);

-- What a plan entitles its subscribers to: a feature key and an optional numeric limit
-- (null = unlimited).
create table plan_features (
    plan_id     bigint      not null references plans (id) on delete cascade,
    feature_key varchar(64) not null check (feature_key ~ '^[a-z0-9][a-z0-9_.:-]*$'),
    limit_value bigint check (limit_value >= 0),
    primary key (plan_id, feature_key)
);

create table subscriptions (
    id                       uuid primary key default gen_random_uuid(),
    user_id                  uuid        not null references users (id) on delete cascade,
    plan_id                  bigint      not null references plans (id),
    status                   varchar(16) not null check (status in ('trialing', 'active', 'past_due', 'canceled')),
    current_period_start     timestamptz not null,
    current_period_end       timestamptz not null,
    cancel_at_period_end     boolean     not null default false,
    -- A downgrade takes effect at the end of the period: the plan waits here until then.
    pending_plan_id          bigint references plans (id),
    canceled_at              timestamptz,
    provider                 varchar(20) not null default 'manual',
    provider_subscription_id varchar(255) unique,
    created_at               timestamptz not null default now(),
    updated_at               timestamptz not null default now(),
    version                  bigint      not null default 0,
    constraint subscriptions_period check (current_period_end > current_period_start)
);
-- At most one live subscription per user.
create unique index subscriptions_one_live_per_user on subscriptions (user_id) where status <> 'canceled';
create index subscriptions_period_end_idx on subscriptions (current_period_end) where status <> 'canceled';

-- Invoice numbers are sequential per year with no gaps: a counter row per year, taken
-- with UPDATE ... RETURNING inside the transaction that issues the invoice.
create table invoice_number_counters (
    year       integer primary key,
    last_value bigint not null default 0
);

create table invoices (
    id                  uuid primary key default gen_random_uuid(),
    number              varchar(20) unique,
    user_id             uuid        not null references users (id) on delete cascade,
    subscription_id     uuid references subscriptions (id),
    billing_reason      varchar(24) not null check (billing_reason in
                            ('subscription_create', 'subscription_cycle', 'subscription_update', 'manual')),
    status              varchar(16) not null check (status in ('draft', 'open', 'paid', 'void', 'uncollectible')),
    currency            varchar(3)  not null check (currency ~ '^[A-Z]{3}$'),
    subtotal_minor      bigint      not null default 0,
    total_minor         bigint      not null default 0,
    period_start        timestamptz,
    period_end          timestamptz,
    issued_at           timestamptz,
    due_at              timestamptz,
    paid_at             timestamptz,
    provider            varchar(20) not null default 'manual',
    provider_invoice_id varchar(255) unique,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    version             bigint      not null default 0,
    constraint invoices_number_when_issued check (status = 'draft' or number is not null)
);
-- The renewal job may run twice or on two replicas: one cycle invoice per period.
create unique index invoices_one_per_cycle on invoices (subscription_id, period_start)
    where billing_reason in ('subscription_create', 'subscription_cycle');
-- Keyset pagination, newest first.
create index invoices_user_created_idx on invoices (user_id, created_at desc, id desc);
create index invoices_status_idx on invoices (status, due_at);

create table invoice_lines (
    id                bigint generated always as identity primary key,
    invoice_id        uuid         not null references invoices (id) on delete cascade,
    description       varchar(200) not null,
    quantity          integer      not null default 1 check (quantity > 0),
    unit_amount_minor bigint       not null,
    amount_minor      bigint       not null,
    period_start      timestamptz,
    period_end        timestamptz
);
create index invoice_lines_invoice_idx on invoice_lines (invoice_id);

create table payments (
    id                  uuid primary key default gen_random_uuid(),
    invoice_id          uuid        not null references invoices (id),
    provider            varchar(20) not null,
    provider_payment_id varchar(255),
    amount_minor        bigint      not null check (amount_minor >= 0),
    currency            varchar(3)  not null,
    status              varchar(16) not null check (status in ('succeeded', 'failed')),
    failure_reason      varchar(255),
    created_at          timestamptz not null default now(),
    unique (provider, provider_payment_id)
);
create index payments_invoice_idx on payments (invoice_id);

-- Every provider event is stored once by its id; applying it is recorded in processed_at.
create table webhook_events (
    id           bigint generated always as identity primary key,
    provider     varchar(20)  not null,
    event_id     varchar(255) not null,
    event_type   varchar(100) not null,
    payload      jsonb        not null,
    received_at  timestamptz  not null default now(),
    processed_at timestamptz,
    status       varchar(16)  not null default 'received' check (status in ('received', 'processed', 'ignored', 'failed')),
    error        varchar(500),
    unique (provider, event_id)
);
