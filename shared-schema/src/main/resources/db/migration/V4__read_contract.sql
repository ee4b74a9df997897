-- The read contract: the only objects the hot path may read. Views run with the rights of
-- their owner (the migration owner), so ${hot_role} needs SELECT on these views and nothing
-- on the tables behind them. Change a view only by expand and contract (docs/how-to).

-- The schema version, so that the hot path can refuse to start on an older database
-- without any right on flyway_schema_history.
create view read_api.schema_version as
select max(installed_rank) as installed_rank,
       (select version from public.flyway_schema_history
         where success and version is not null
         order by installed_rank desc limit 1) as version
  from public.flyway_schema_history
 where success;

create view read_api.plans as
select p.code,
       p.name,
       p.price_minor,
       p.currency,
       p.billing_interval,
       p.trial_days,
       coalesce((select jsonb_agg(jsonb_build_object('key', f.feature_key, 'limit', f.limit_value)
                                  order by f.feature_key)
                   from public.plan_features f
                  where f.plan_id = p.id), '[]'::jsonb) as features,
       p.updated_at
  from public.plans p
 where p.active;

-- What each user may do right now: the features of the plan of their live subscription.
create view read_api.user_entitlements as
select s.user_id,
       f.feature_key,
       f.limit_value,
       p.code                 as plan_code,
       s.status               as subscription_status,
       s.current_period_end   as valid_until
  from public.subscriptions s
  join public.plans p on p.id = s.plan_id
  join public.plan_features f on f.plan_id = s.plan_id
 where s.status in ('trialing', 'active', 'past_due');

create view read_api.invoice_summaries as
select i.id,
       i.user_id,
       i.number,
       i.status,
       i.currency,
       i.total_minor,
       i.period_start,
       i.period_end,
       i.issued_at,
       i.due_at,
       i.paid_at,
       i.created_at
  from public.invoices i
 where i.status <> 'draft';

-- Change events for the hot path's cache and its Server-Sent Events. Payloads are small
-- (NOTIFY allows 8000 bytes): entitlements_changed and invoices_changed carry a user id,
-- plans_changed a plan code.
create function notify_entitlements_changed() returns trigger language plpgsql as $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        perform pg_notify('entitlements_changed', old.user_id::text);
    end if;
    if tg_op in ('INSERT', 'UPDATE') and (tg_op = 'INSERT' or new.user_id is distinct from old.user_id) then
        perform pg_notify('entitlements_changed', new.user_id::text);
    end if;
    return null;
end $$;

create trigger subscriptions_notify
    after insert or update or delete on subscriptions
    for each row execute function notify_entitlements_changed();

create function notify_invoices_changed() returns trigger language plpgsql as $$
begin
    perform pg_notify('invoices_changed', coalesce(new.user_id, old.user_id)::text);
    return null;
end $$;

create trigger invoices_notify
    after insert or update or delete on invoices
    for each row execute function notify_invoices_changed();

create function notify_plans_changed() returns trigger language plpgsql as $$
begin
    perform pg_notify('plans_changed', '');
    return null;
end $$;

create trigger plans_notify
    after insert or update or delete or truncate on plans
    for each statement execute function notify_plans_changed();
create trigger plan_features_notify
    after insert or update or delete or truncate on plan_features
    for each statement execute function notify_plans_changed();
