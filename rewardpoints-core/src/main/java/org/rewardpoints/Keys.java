package org.rewardpoints;

/**
 * The idempotency keys the library stores with lots and debits: one encoding, unambiguous
 * whatever characters the ids contain.
 *
 * <p>A key names its kind and its version. Keys made of one id keep the first encoding,
 * {@code <kind>:<id>} ({@code order:}, {@code add:}, {@code redeem:}), which is unambiguous as it
 * stands. Keys made of several ids use version 2, {@code <kind>/v2:} followed by every id but the
 * last as {@code <length>:<id>:} and then the last id: {@code return/v2:5:o:1:2:r-1} is return
 * {@code r-1} of order {@code o:1:2}, the length saying where the order id ends. The {@code /}
 * after the kind keeps version 2 apart from every key of the
 * first encoding. Keys of ids a customer supplies (coupon request ids) include the customer, so
 * that one customer's key never meets another's.
 */
final class Keys {
    private Keys() {
    }

    static String order(String orderId) {
        return "order:" + orderId;
    }

    /** Null when the add has no id. */
    static String add(String id) {
        return id == null ? null : "add:" + id;
    }

    /** Null when the redemption has no id. */
    static String redeem(String id) {
        return id == null ? null : "redeem:" + id;
    }

    static String orderReturn(String orderId, String returnId) {
        return version2("return", orderId, returnId);
    }

    /** The key of a customer's coupon request, scoped to that customer. */
    static String couponRequest(String customerId, String requestId) {
        return version2("coupon", customerId, requestId);
    }

    private static String version2(String kind, String first, String last) {
        return kind + "/v2:" + first.length() + ':' + first + ':' + last;
    }
}
