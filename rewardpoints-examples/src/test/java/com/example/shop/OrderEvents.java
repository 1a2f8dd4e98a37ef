package com.example.shop;

import org.rewardpoints.OrderCompletion;
import org.rewardpoints.OrderReturn;
import org.rewardpoints.RewardPoints;

/**
 * Maps the shop's order events (from its message broker, webhook or outbox) to the library. Every call
 * is idempotent by order id and return id, so a redelivered event changes nothing: acknowledge an
 * event once its call returned, and let the broker redeliver it when the call threw.
 */
public class OrderEvents {
    /** The shop's own event; here a record, in your shop whatever its broker delivers. */
    public record OrderEvent(String type, String tenant, String siteCode, String customerId, String orderId,
                             String total, String currency, String returnId, String refundedTotal) {
    }

    private final RewardPoints points;

    public OrderEvents(RewardPoints points) {
        this.points = points;
    }

    public void on(OrderEvent event) {
        switch (event.type()) {
            // earn when the order can no longer simply be cancelled (delivered, or paid and shipped):
            // the value is what the customer paid, in the site's currency
            case "order.completed" -> points.orderCompleted(OrderCompletion.of(event.tenant(), event.siteCode(),
                    event.customerId(), event.orderId(), event.total(), event.currency()));
            // a cancellation takes back everything the order earned and not yet taken back
            case "order.cancelled" -> points.orderReturned(OrderReturn.full(event.tenant(), event.orderId(), "cancel"));
            // a return takes back points in proportion to its refund, once per return id
            case "order.returned" -> points.orderReturned(OrderReturn.partial(event.tenant(), event.orderId(),
                    event.returnId(), event.refundedTotal(), event.currency()));
            default -> { } // other order events earn nothing
        }
    }
}
