package dev.useboth.core.billing;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface SubscriptionRepository extends JpaRepository<Subscription, UUID> {

    /** The user's live subscription (the schema allows at most one). */
    @Query("select s from Subscription s where s.userId = :userId"
            + " and s.status <> dev.useboth.core.billing.SubscriptionStatus.CANCELED")
    Optional<Subscription> findLive(@Param("userId") UUID userId);

    Optional<Subscription> findByProviderSubscriptionId(String providerSubscriptionId);

    /** Live subscriptions of {@code provider} whose period has ended by {@code now}. */
    @Query("select s.id from Subscription s where s.provider = :provider"
            + " and s.status <> dev.useboth.core.billing.SubscriptionStatus.CANCELED"
            + " and s.currentPeriodEnd <= :now order by s.currentPeriodEnd")
    List<UUID> findDue(@Param("provider") String provider, @Param("now") Instant now);
}
