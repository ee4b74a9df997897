-- Billing rules the database enforces as well as the code: nothing is counted twice and an
-- issued invoice always adds up.

-- Out-of-order provider events: the time of the newest provider event applied to a
-- subscription; an older event than this is ignored.
alter table subscriptions add column provider_event_at timestamptz;
alter table subscriptions add constraint subscriptions_pending_plan_differs
    check (pending_plan_id is null or pending_plan_id <> plan_id);
alter table subscriptions add constraint subscriptions_canceled_has_time
    check (status <> 'canceled' or canceled_at is not null);

alter table invoices add constraint invoices_totals_not_negative
    check (subtotal_minor >= 0 and total_minor >= 0);
alter table invoices add constraint invoices_paid_has_time
    check (status <> 'paid' or paid_at is not null);
alter table invoices add constraint invoices_issued_has_time
    check (status = 'draft' or issued_at is not null);

alter table invoice_lines add constraint invoice_lines_amount
    check (amount_minor = quantity * unit_amount_minor);

-- Who recorded a payment by hand (the manual provider: a staff member in the admin panel).
alter table payments add column recorded_by varchar(254);

-- An invoice is paid once: at most one succeeded payment per invoice, whatever the
-- provider or however often its webhook is delivered.
create unique index payments_one_success_per_invoice on payments (invoice_id) where status = 'succeeded';

alter table webhook_events add constraint webhook_events_processed_has_time
    check (status = 'received' or processed_at is not null);

-- An issued invoice's subtotal is the sum of its lines. Checked at commit (deferred), so
-- that the invoice and its lines may be written in any order within the transaction.
create function check_invoice_total() returns trigger language plpgsql as $$
declare
    inv_id uuid;
    inv    record;
    lines  bigint;
begin
    if tg_table_name = 'invoices' then
        inv_id := new.id;
    elsif tg_op = 'DELETE' then
        inv_id := old.invoice_id;
    else
        inv_id := new.invoice_id;
    end if;
    select status, subtotal_minor into inv from invoices where id = inv_id;
    if not found or inv.status = 'draft' then
        return null;
    end if;
    select coalesce(sum(amount_minor), 0) into lines from invoice_lines where invoice_id = inv_id;
    if lines <> inv.subtotal_minor then
        raise exception 'invoice % subtotal % does not match the sum of its lines %', inv_id, inv.subtotal_minor, lines
            using errcode = 'check_violation', constraint = 'invoices_subtotal_matches_lines';
    end if;
    return null;
end $$;

create constraint trigger invoices_subtotal_matches_lines
    after insert or update on invoices
    deferrable initially deferred
    for each row execute function check_invoice_total();
create constraint trigger invoice_lines_subtotal_matches
    after insert or update or delete on invoice_lines
    deferrable initially deferred
    for each row execute function check_invoice_total();
