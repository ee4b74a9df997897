-- Runs after every migrate, even when nothing was pending, so that the two roles, their
-- passwords and their grants always match this file. The placeholders come from the
-- migrate job's environment (see MigrateMain); nothing here holds a secret.

do $$
begin
    if not exists (select from pg_roles where rolname = '${core_role}') then
        create role ${core_role} login;
    end if;
    if not exists (select from pg_roles where rolname = '${hot_role}') then
        create role ${hot_role} login;
    end if;
end $$;

alter role ${core_role} with login nosuperuser nocreatedb nocreaterole noinherit noreplication nobypassrls
    password '${core_password}';
alter role ${hot_role} with login nosuperuser nocreatedb nocreaterole noinherit noreplication nobypassrls
    password '${hot_password}';
-- Defence in depth: even a view that could be written through stays read-only, and a runaway
-- query is cut short.
alter role ${hot_role} set default_transaction_read_only = on;
alter role ${hot_role} set statement_timeout = '5s';

do $$
begin
    execute format('grant connect on database %I to ${core_role}, ${hot_role}', current_database());
    -- PostgreSQL lets every role create temporary tables by default: neither app role needs to
    -- create anything, not even scratch tables.
    execute format('revoke temporary on database %I from public', current_database());
end $$;

-- Nobody but the owner sees `public` by default; the core gets DML (no DDL) on its tables.
revoke all on schema public from public;
grant usage on schema public to ${core_role};
grant select, insert, update, delete on all tables in schema public to ${core_role};
grant usage, select on all sequences in schema public to ${core_role};
-- Flyway's history belongs to the migrate job alone.
revoke all on public.flyway_schema_history from ${core_role};
-- The core may read the read contract too (its tests compare both halves), never write it.
grant usage on schema read_api to ${core_role};
grant select on all tables in schema read_api to ${core_role};

-- The hot path: SELECT on the read contract, nothing else.
revoke all on schema public from ${hot_role};
revoke all on all tables in schema public from ${hot_role};
grant usage on schema read_api to ${hot_role};
grant select on all tables in schema read_api to ${hot_role};
