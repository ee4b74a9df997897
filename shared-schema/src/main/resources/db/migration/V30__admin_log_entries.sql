-- The admin's history, like Django's LogEntry: one row per change made through /admin
-- (create, change, delete or a named action), written in the same transaction as the change.
-- The actor's email is copied so that the history outlives the account.
create table admin_log_entries (
    id           bigint generated always as identity primary key,
    created_at   timestamptz  not null default now(),
    actor_id     uuid references users (id) on delete set null,
    actor_email  varchar(254) not null,
    resource     varchar(64)  not null,
    object_id    varchar(64)  not null,
    object_repr  varchar(200) not null,
    action       varchar(16)  not null check (action in ('create', 'change', 'delete', 'action')),
    action_name  varchar(64),
    -- {"field": {"before": ..., "after": ...}}; sensitive fields are never recorded.
    changes      jsonb        not null default '{}'::jsonb,
    constraint admin_log_entries_action_name check ((action = 'action') = (action_name is not null))
);
create index admin_log_entries_object_idx on admin_log_entries (resource, object_id, created_at desc);
create index admin_log_entries_created_idx on admin_log_entries (created_at desc);
