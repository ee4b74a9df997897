package dev.useboth.core.billing;

/**
 * How to pay: {@code redirectUrl} to send the user to (Stripe Checkout), or, with the manual
 * provider, the subscription and its pending invoice (null when nothing is owed, e.g. a trial).
 */
record CheckoutResponse(
        String provider, String redirectUrl, SubscriptionResponse subscription, InvoiceResponse pendingInvoice) {}
