package dev.useboth.core.billing;

import dev.useboth.core.common.ApiProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issuing invoices, listing them, and settling them: staff mark manual invoices paid or void
 * them ({@link #markPaid}, {@link #voidInvoice}, called by the admin panel); providers record
 * their payments through {@link #recordPayment}. A payment is counted once: the schema allows one
 * succeeded payment per invoice.
 */
@Service
public class InvoiceService {

    private static final Logger log = LoggerFactory.getLogger(InvoiceService.class);
    static final int MAX_PAGE = 100;

    private final InvoiceRepository invoices;
    private final SubscriptionRepository subscriptions;
    private final InvoiceNumbers numbers;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final BillingProperties properties;
    private final Clock clock;

    InvoiceService(
            InvoiceRepository invoices,
            SubscriptionRepository subscriptions,
            InvoiceNumbers numbers,
            JdbcClient jdbc,
            ApplicationEventPublisher events,
            BillingProperties properties,
            Clock clock) {
        this.invoices = invoices;
        this.subscriptions = subscriptions;
        this.numbers = numbers;
        this.jdbc = jdbc;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
    }

    /** Numbers the draft and makes it owed from {@code dueAt}; within the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    Invoice issue(Invoice draft, Instant issuedAt, Instant dueAt) {
        draft.issue(numbers.next(issuedAt), issuedAt, dueAt);
        Invoice issued = invoices.saveAndFlush(draft);
        published(issued);
        return issued;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    List<Invoice> forPeriod(UUID subscriptionId, Instant periodStart) {
        return invoices.findForPeriod(subscriptionId, periodStart);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void voidIssued(Invoice invoice, Instant now) {
        invoice.markVoid(now);
        invoices.save(invoice);
        published(invoice);
    }

    /** A page of the user's invoices, newest first; {@code cursor} is the previous page's {@code nextCursor}. */
    @Transactional(readOnly = true)
    InvoicePage list(UUID userId, int limit, String cursor) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw ApiProblemException.invalid("limit", "must be between 1 and " + MAX_PAGE);
        }
        List<Invoice> page;
        if (cursor == null || cursor.isEmpty()) {
            page = invoices.findFirstPage(userId, limit + 1);
        } else {
            Cursor after = Cursor.decode(cursor);
            page = invoices.findPageAfter(userId, after.createdAt(), after.id(), limit + 1);
        }
        String next = null;
        if (page.size() > limit) {
            page = page.subList(0, limit);
            Invoice last = page.getLast();
            next = new Cursor(last.getCreatedAt(), last.getId()).encode();
        }
        return new InvoicePage(page.stream().map(InvoiceResponse::of).toList(), next);
    }

    /**
     * Staff record that a manual invoice was paid (e.g. a bank transfer arrived). Only an open
     * invoice can be paid; a past-due subscription with nothing else overdue becomes active again.
     *
     * @param actor who recorded it (kept with the payment)
     * @throws ApiProblemException 404 for an unknown invoice, 409 unless it is open
     */
    @Transactional
    public InvoiceResponse markPaid(UUID invoiceId, String actor) {
        Invoice invoice =
                invoices.findById(invoiceId).orElseThrow(() -> ApiProblemException.notFound("No such invoice."));
        if (invoice.getStatus() != InvoiceStatus.OPEN) {
            throw ApiProblemException.conflict("Invoice " + invoice.getNumber() + " is "
                    + invoice.getStatus().value() + ", not open.");
        }
        Instant now = BillingTime.now(clock);
        if (!recordPayment(invoice, "manual", null, invoice.getTotalMinor(), actor, now)) {
            throw ApiProblemException.conflict("Invoice " + invoice.getNumber() + " is already paid.");
        }
        log.info("Invoice {} marked paid by {}", invoice.getNumber(), actor);
        return InvoiceResponse.of(invoice);
    }

    /**
     * Staff cancel an invoice that is not owed after all. Paid invoices cannot be voided (refunds
     * are the provider's business).
     *
     * @throws ApiProblemException 404 for an unknown invoice, 409 unless it is draft or open
     */
    @Transactional
    public InvoiceResponse voidInvoice(UUID invoiceId, String actor) {
        Invoice invoice =
                invoices.findById(invoiceId).orElseThrow(() -> ApiProblemException.notFound("No such invoice."));
        if (invoice.getStatus() != InvoiceStatus.OPEN && invoice.getStatus() != InvoiceStatus.DRAFT) {
            throw ApiProblemException.conflict("Invoice " + invoice.getNumber() + " is "
                    + invoice.getStatus().value() + " and cannot be voided.");
        }
        Instant now = BillingTime.now(clock);
        voidIssued(invoice, now);
        invoices.flush();
        reconcile(invoice.getSubscriptionId(), now);
        log.info("Invoice {} voided by {}", invoice.getNumber(), actor);
        return InvoiceResponse.of(invoice);
    }

    /**
     * Records a succeeded payment and marks the invoice paid. Returns false, changing nothing,
     * when the invoice already has one (a provider retrying, two webhooks racing).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    boolean recordPayment(
            Invoice invoice, String provider, String providerPaymentId, long amountMinor, String actor, Instant now) {
        int inserted = jdbc.sql("insert into payments (invoice_id, provider, provider_payment_id, amount_minor,"
                        + " currency, status, recorded_by) values (:invoice, :provider, :paymentId, :amount,"
                        + " :currency, 'succeeded', :actor) on conflict do nothing")
                .param("invoice", invoice.getId())
                .param("provider", provider)
                .param("paymentId", providerPaymentId)
                .param("amount", amountMinor)
                .param("currency", invoice.getCurrency())
                .param("actor", actor)
                .update();
        if (inserted == 0) {
            return false;
        }
        invoice.markPaid(now);
        invoices.saveAndFlush(invoice);
        published(invoice);
        reconcile(invoice.getSubscriptionId(), now);
        return true;
    }

    /** Records a failed payment attempt (the invoice stays open). */
    @Transactional(propagation = Propagation.MANDATORY)
    void recordFailedPayment(
            Invoice invoice, String provider, String providerPaymentId, long amountMinor, String reason) {
        jdbc.sql("insert into payments (invoice_id, provider, provider_payment_id, amount_minor, currency, status,"
                        + " failure_reason) values (:invoice, :provider, :paymentId, :amount, :currency, 'failed',"
                        + " :reason) on conflict do nothing")
                .param("invoice", invoice.getId())
                .param("provider", provider)
                .param("paymentId", providerPaymentId)
                .param("amount", amountMinor)
                .param("currency", invoice.getCurrency())
                .param("reason", reason == null ? null : reason.substring(0, Math.min(reason.length(), 255)))
                .update();
    }

    /** A past-due manual subscription with nothing overdue any more is active again. */
    private void reconcile(UUID subscriptionId, Instant now) {
        if (subscriptionId == null) {
            return;
        }
        subscriptions.findById(subscriptionId).ifPresent(subscription -> {
            if (subscription.getStatus() == SubscriptionStatus.PAST_DUE
                    && "manual".equals(subscription.getProvider())
                    && !invoices.hasOverdue(subscriptionId, now.minus(properties.gracePeriod()))) {
                subscription.markActive(now);
                subscriptions.saveAndFlush(subscription);
                events.publishEvent(SubscriptionChanged.of(subscription));
            }
        });
    }

    private void published(Invoice invoice) {
        events.publishEvent(new InvoiceStatusChanged(
                invoice.getId(),
                invoice.getUserId(),
                invoice.getNumber(),
                invoice.getStatus().value()));
    }

    /** The keyset position of the last invoice of a page, opaque to clients. */
    record Cursor(Instant createdAt, UUID id) {

        String encode() {
            String raw = createdAt.getEpochSecond() + "." + createdAt.getNano() + "." + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String cursor) {
            try {
                String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                String[] parts = raw.split("\\.", 3);
                return new Cursor(
                        Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
                        UUID.fromString(parts[2]));
            } catch (RuntimeException e) {
                throw ApiProblemException.invalid("cursor", "is not a cursor this API returned");
            }
        }
    }
}
