-- Refresh tokens: opaque to the client, stored as a SHA-256 hash. Every use rotates the
-- token inside its family; presenting a token that was already rotated revokes the family.
create table refresh_tokens (
    id           uuid primary key default gen_random_uuid(),
    user_id      uuid        not null references users (id) on delete cascade,
    family_id    uuid        not null,
    token_hash   varchar(64) not null unique,
    created_at   timestamptz not null default now(),
    expires_at   timestamptz not null,
    rotated_at   timestamptz,
    revoked_at   timestamptz,
    constraint refresh_tokens_expiry check (expires_at > created_at)
);
create index refresh_tokens_user_idx on refresh_tokens (user_id);
create index refresh_tokens_family_idx on refresh_tokens (family_id);

-- Single-use tokens sent by email (verification, password reset), stored hashed.
create table one_time_tokens (
    id          uuid primary key default gen_random_uuid(),
    user_id     uuid        not null references users (id) on delete cascade,
    purpose     varchar(20) not null check (purpose in ('VERIFY_EMAIL', 'PASSWORD_RESET')),
    token_hash  varchar(64) not null unique,
    created_at  timestamptz not null default now(),
    expires_at  timestamptz not null,
    used_at     timestamptz
);
create index one_time_tokens_user_idx on one_time_tokens (user_id, purpose);
