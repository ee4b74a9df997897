-- The one schema. Tables live in `public` and belong to the migration owner; the core
-- reads and writes them as ${core_role}. The hot path never sees them: it reads only the
-- views of `read_api` (V4) as ${hot_role}. Grants are (re)applied after every migrate by
-- db/callback/afterMigrate__grants.sql.

-- The read contract's schema: its views (V4 onwards) are all the hot path may read.
create schema read_api;

create table users (
    id              uuid primary key default gen_random_uuid(),
    email           varchar(254) not null,
    display_name    varchar(100) not null,
    password_hash   varchar(255) not null,
    active          boolean      not null default true,
    email_verified  boolean      not null default false,
    created_at      timestamptz  not null default now(),
    updated_at      timestamptz  not null default now(),
    last_login_at   timestamptz,
    version         bigint       not null default 0,
    constraint users_email_lower check (email = lower(email)),
    constraint users_display_name_not_blank check (length(trim(display_name)) > 0)
);
-- Emails are unique case-insensitively; the core stores them lower-cased, the check above
-- makes sure nothing else slips in.
create unique index users_email_key on users (email);
create index users_created_at_idx on users (created_at desc);

create table user_roles (
    user_id uuid        not null references users (id) on delete cascade,
    role    varchar(16) not null check (role in ('USER', 'STAFF', 'ADMIN')),
    primary key (user_id, role)
);
