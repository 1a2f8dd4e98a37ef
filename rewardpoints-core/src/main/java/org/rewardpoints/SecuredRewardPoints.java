package org.rewardpoints;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.rewardpoints.internal.Checks;

/**
 * The operations of the reference API with its access rules, for calls on behalf of a
 * {@link Caller}: employees need the operation's scope, customers reach only their own balance,
 * summary and coupon redemption, and nobody reaches another tenant. Refusals throw
 * {@link AccessDeniedException} naming the missing scope, before anything is read or changed.
 *
 * <table>
 *   <caption>Scope per operation</caption>
 *   <tr><th>operation</th><th>employee scope</th><th>customer</th></tr>
 *   <tr><td>{@link #summaries}</td><td>{@value Scopes#VIEW}</td><td>no</td></tr>
 *   <tr><td>{@link #balance}, {@link #summary}</td><td>{@value Scopes#VIEW}</td><td>own account</td></tr>
 *   <tr><td>{@link #balanceAsOf}, {@link #lotsAsOf}, {@link #expiringPoints}, {@link #quoteRedemption}</td>
 *       <td>{@value Scopes#VIEW}</td><td>own account</td></tr>
 *   <tr><td>{@link #customersWithExpiringPoints}, {@link #verify}</td><td>{@value Scopes#VIEW}</td><td>no</td></tr>
 *   <tr><td>{@link #createAccount}, {@link #deleteAccount}, {@link #addPoints}, {@link #redeemPoints}</td>
 *       <td>{@value Scopes#MANAGE}</td><td>no</td></tr>
 *   <tr><td>{@link #createOption}, {@link #updateOption}, {@link #deleteOption}</td><td>{@value Scopes#MANAGE}</td>
 *       <td>no</td></tr>
 *   <tr><td>{@link #listOptions}</td><td>any</td><td>yes</td></tr>
 *   <tr><td>{@link #redeemForCoupon}</td><td>no</td><td>own account</td></tr>
 *   <tr><td>{@link #settings}, {@link #updateSettings}</td><td>{@value Scopes#SITE_MANAGE}</td><td>no</td></tr>
 * </table>
 */
public final class SecuredRewardPoints {
    private final RewardPoints ledger;

    public SecuredRewardPoints(RewardPoints ledger) {
        this.ledger = Checks.required("ledger", ledger);
    }

    public Page<PointsSummary> summaries(Caller caller, String cursor, int limit) {
        require(caller, Scopes.VIEW);
        return ledger.summaries(caller.tenant(), cursor, limit);
    }

    public long balance(Caller caller, String customerId) {
        requireViewOrOwn(caller, customerId);
        return ledger.balance(caller.tenant(), customerId);
    }

    public PointsSummary summary(Caller caller, String customerId) {
        requireViewOrOwn(caller, customerId);
        return ledger.summary(caller.tenant(), customerId);
    }

    public long balanceAsOf(Caller caller, String customerId, Instant instant) {
        requireViewOrOwn(caller, customerId);
        return ledger.balanceAsOf(caller.tenant(), customerId, instant);
    }

    public Page<LotAsOf> lotsAsOf(Caller caller, String customerId, Instant instant, String cursor, int limit) {
        requireViewOrOwn(caller, customerId);
        return ledger.lotsAsOf(caller.tenant(), customerId, instant, cursor, limit);
    }

    public List<ExpiringPoints> expiringPoints(Caller caller, String customerId, Instant before, ZoneId zone) {
        requireViewOrOwn(caller, customerId);
        return ledger.expiringPoints(caller.tenant(), customerId, before, zone);
    }

    public RedemptionQuote quoteRedemption(Caller caller, String customerId, long points) {
        requireViewOrOwn(caller, customerId);
        return ledger.quoteRedemption(caller.tenant(), customerId, points);
    }

    public Page<ExpiringCustomer> customersWithExpiringPoints(Caller caller, Instant from, Instant to, String cursor,
                                                              int limit) {
        require(caller, Scopes.VIEW);
        return ledger.customersWithExpiringPoints(caller.tenant(), from, to, cursor, limit);
    }

    public VerificationReport verify(Caller caller, String customerId) {
        require(caller, Scopes.VIEW);
        return ledger.verify(caller.tenant(), customerId);
    }

    public AddedPoints createAccount(Caller caller, AddPoints startPoints) {
        require(caller, Scopes.MANAGE);
        requireTenant(caller, startPoints.tenant());
        return ledger.createAccount(startPoints);
    }

    public void createAccount(Caller caller, String customerId) {
        require(caller, Scopes.MANAGE);
        ledger.createAccount(caller.tenant(), customerId);
    }

    public boolean deleteAccount(Caller caller, String customerId) {
        require(caller, Scopes.MANAGE);
        return ledger.deleteAccount(caller.tenant(), customerId);
    }

    public AddedPoints addPoints(Caller caller, AddPoints add) {
        require(caller, Scopes.MANAGE);
        requireTenant(caller, add.tenant());
        return ledger.addPoints(add);
    }

    public RedeemedPoints redeemPoints(Caller caller, RedeemPoints redeem) {
        require(caller, Scopes.MANAGE);
        requireTenant(caller, redeem.tenant());
        return ledger.redeemPoints(redeem);
    }

    public RedemptionOption createOption(Caller caller, RedemptionOptionDraft draft) {
        require(caller, Scopes.MANAGE);
        return ledger.createOption(caller.tenant(), draft);
    }

    /** Public: any caller of the tenant may list its options. */
    public List<RedemptionOption> listOptions(Caller caller) {
        return ledger.listOptions(Checks.required("caller", caller).tenant());
    }

    public RedemptionOption updateOption(Caller caller, String optionId, long version, RedemptionOptionDraft draft) {
        require(caller, Scopes.MANAGE);
        return ledger.updateOption(caller.tenant(), optionId, version, draft);
    }

    public void deleteOption(Caller caller, String optionId, long version) {
        require(caller, Scopes.MANAGE);
        ledger.deleteOption(caller.tenant(), optionId, version);
    }

    /** Only a signed-in customer, for their own account. */
    public RedeemedCoupon redeemForCoupon(Caller caller, String siteCode, String optionId, String requestId) {
        if (!(Checks.required("caller", caller) instanceof Caller.Customer customer)) {
            throw new AccessDeniedException(null, "Only a signed-in customer can exchange their points for a coupon");
        }
        return ledger.redeemForCoupon(new CouponRedemption(customer.tenant(), siteCode, customer.customerId(), optionId,
                requestId));
    }

    public SiteSettings settings(Caller caller, String siteCode) {
        require(caller, Scopes.SITE_MANAGE);
        return ledger.settings(caller.tenant(), siteCode);
    }

    public SiteSettings updateSettings(Caller caller, String siteCode, SettingsPatch patch) {
        require(caller, Scopes.SITE_MANAGE);
        return ledger.updateSettings(caller.tenant(), siteCode, patch);
    }

    private static void require(Caller caller, String scope) {
        Checks.required("caller", caller);
        if (!(caller instanceof Caller.Employee employee) || !employee.scopes().contains(scope)) {
            throw AccessDeniedException.missingScope(scope);
        }
    }

    private static void requireViewOrOwn(Caller caller, String customerId) {
        if (Checks.required("caller", caller) instanceof Caller.Customer customer) {
            if (!customer.customerId().equals(customerId)) {
                throw new AccessDeniedException(null, "A customer can only read their own points");
            }
            return;
        }
        require(caller, Scopes.VIEW);
    }

    private static void requireTenant(Caller caller, String tenant) {
        if (!caller.tenant().equals(tenant)) {
            throw new AccessDeniedException(null, "The caller belongs to tenant '" + caller.tenant()
                    + "' and cannot act on tenant '" + tenant + "'");
        }
    }
}
