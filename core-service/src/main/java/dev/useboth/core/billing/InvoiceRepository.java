package dev.useboth.core.billing;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface InvoiceRepository extends JpaRepository<Invoice, UUID> {

    /** The first page of a user's issued invoices, newest first. */
    @Query(
            value = "select * from invoices where user_id = :userId and status <> 'draft'"
                    + " order by created_at desc, id desc limit :limit",
            nativeQuery = true)
    List<Invoice> findFirstPage(@Param("userId") UUID userId, @Param("limit") int limit);

    /** The page after the cursor (keyset: the row-value comparison uses the (user_id, created_at, id) index). */
    @Query(
            value = "select * from invoices where user_id = :userId and status <> 'draft'"
                    + " and (created_at, id) < (:createdAt, :id)"
                    + " order by created_at desc, id desc limit :limit",
            nativeQuery = true)
    List<Invoice> findPageAfter(
            @Param("userId") UUID userId,
            @Param("createdAt") Instant createdAt,
            @Param("id") UUID id,
            @Param("limit") int limit);

    Optional<Invoice> findByProviderInvoiceId(String providerInvoiceId);

    /** The invoice that billed the period starting at {@code periodStart}, if any. */
    @Query("select i from Invoice i where i.subscriptionId = :subscriptionId and i.periodStart = :periodStart"
            + " and i.status <> dev.useboth.core.billing.InvoiceStatus.VOID order by i.createdAt desc")
    List<Invoice> findForPeriod(
            @Param("subscriptionId") UUID subscriptionId, @Param("periodStart") Instant periodStart);

    /** Subscriptions that have an open invoice due before {@code cutoff}. */
    @Query("select distinct i.subscriptionId from Invoice i where i.subscriptionId is not null"
            + " and i.status = dev.useboth.core.billing.InvoiceStatus.OPEN and i.dueAt < :cutoff")
    List<UUID> findSubscriptionsOverdueBefore(@Param("cutoff") Instant cutoff);

    @Query("select count(i) > 0 from Invoice i where i.subscriptionId = :subscriptionId"
            + " and i.status = dev.useboth.core.billing.InvoiceStatus.OPEN and i.dueAt < :cutoff")
    boolean hasOverdue(@Param("subscriptionId") UUID subscriptionId, @Param("cutoff") Instant cutoff);
}
