-- Sign-in throttling, shared by every core replica: Bucket4j's PostgreSQL backend keeps one token
-- bucket per key (a hashed account email or client address) here, locked with SELECT ... FOR UPDATE
-- while it changes. `state` is Bucket4j's serialized bucket; `expires_at` (epoch milliseconds) is
-- when a full bucket can be forgotten: the core deletes such rows regularly.
create table auth_throttle_buckets (
    id         varchar(80) primary key,
    state      bytea,
    expires_at bigint
);
create index auth_throttle_buckets_expires_idx on auth_throttle_buckets (expires_at);
