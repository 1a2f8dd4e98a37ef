-- rewardpoints schema V1 for PostgreSQL (tested on 14+).
--
-- Apply by hand with psql, or let JdbcLedgerStore create it with SchemaMode.CREATE. To use a
-- table prefix other than the default "rp_", replace every "rp_" in this file. Every statement
-- is idempotent (IF NOT EXISTS), so applying the file twice is harmless.
--
-- Instants are timestamptz (UTC, microsecond precision). Id columns use the "C" collation so
-- that ordering and keyset paging are by code point, whatever the database's locale.
-- Per-customer tables lead with (tenant, customer_id), the key to distribute them by on
-- sharded PostgreSQL-compatible engines.

CREATE TABLE IF NOT EXISTS rp_schema_version (
    version     integer      NOT NULL,
    description varchar(200) NOT NULL,
    applied_at  timestamptz  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT rp_schema_version_pk PRIMARY KEY (version)
);

CREATE TABLE IF NOT EXISTS rp_accounts (
    tenant      varchar(128) COLLATE "C" NOT NULL,
    customer_id varchar(128) COLLATE "C" NOT NULL,
    open_points bigint       NOT NULL,
    debt        bigint       NOT NULL,
    created_at  timestamptz  NOT NULL,
    version     bigint       NOT NULL,
    CONSTRAINT rp_accounts_pk PRIMARY KEY (tenant, customer_id),
    CONSTRAINT rp_accounts_open_points_ck CHECK (open_points >= 0),
    CONSTRAINT rp_accounts_debt_ck CHECK (debt >= 0)
);

CREATE TABLE IF NOT EXISTS rp_lots (
    tenant          varchar(128)  COLLATE "C" NOT NULL,
    customer_id     varchar(128)  COLLATE "C" NOT NULL,
    id              varchar(128)  COLLATE "C" NOT NULL,
    idempotency_key varchar(400)  COLLATE "C",
    order_id        varchar(128)  COLLATE "C",
    order_value     numeric(24,6),
    currency        char(3),
    reference_id    varchar(128),
    description     varchar(1000),
    points          bigint        NOT NULL,
    remaining       bigint        NOT NULL,
    created_at      timestamptz   NOT NULL,
    valid_until     timestamptz   NOT NULL,
    -- when a lot credited pending became (or becomes) usable; null for a lot usable from created_at
    activates_at    timestamptz,
    -- activates_at while the lot's activation is not recorded yet (recordActivations), else null
    pending_until   timestamptz,
    balance_after   bigint        NOT NULL,
    -- the window (seconds) the lot was last announced as expiring within, or null (announceExpiringSoon)
    announced_window bigint,
    CONSTRAINT rp_lots_pk PRIMARY KEY (tenant, customer_id, id),
    CONSTRAINT rp_lots_id_uk UNIQUE (tenant, id),
    CONSTRAINT rp_lots_idempotency_key_uk UNIQUE (tenant, idempotency_key),
    CONSTRAINT rp_lots_account_fk FOREIGN KEY (tenant, customer_id) REFERENCES rp_accounts (tenant, customer_id),
    CONSTRAINT rp_lots_points_ck CHECK (points > 0),
    CONSTRAINT rp_lots_remaining_ck CHECK (remaining >= 0 AND remaining <= points),
    CONSTRAINT rp_lots_announced_window_ck CHECK (announced_window > 0)
);

-- Spendable and expired lots of one account, soonest-expiring first; only open lots are indexed.
-- Covering remaining lets the balance read sum expired points from the index alone.
CREATE INDEX IF NOT EXISTS rp_lots_open_idx
    ON rp_lots (tenant, customer_id, valid_until, created_at, id) INCLUDE (remaining) WHERE remaining > 0;
-- Credit history pages by (created_at, id).
CREATE INDEX IF NOT EXISTS rp_lots_history_idx ON rp_lots (tenant, customer_id, created_at, id);
-- The expiry sweep's and the expiring-soon announcements' candidates across all tenants, from the
-- index alone.
CREATE INDEX IF NOT EXISTS rp_lots_expiring_idx
    ON rp_lots (valid_until) INCLUDE (tenant, customer_id, announced_window) WHERE remaining > 0;
-- A tenant's customers with points expiring in a window (customersWithExpiringPoints), from the
-- index alone: the window's open lots in validUntil order, with their customer and remaining points.
CREATE INDEX IF NOT EXISTS rp_lots_tenant_expiry_idx
    ON rp_lots (tenant, valid_until, customer_id) INCLUDE (remaining) WHERE remaining > 0;
-- Pending points: the lots of one account pending now or at an earlier instant (balance reads,
-- as-of reads), and the lots whose activation is not recorded yet across all tenants
-- (recordActivations). Lots credited without a pending period are in neither.
CREATE INDEX IF NOT EXISTS rp_lots_pending_idx ON rp_lots (tenant, customer_id, activates_at)
    INCLUDE (remaining, valid_until, created_at) WHERE activates_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS rp_lots_activation_idx
    ON rp_lots (pending_until) INCLUDE (tenant, customer_id) WHERE pending_until IS NOT NULL;

CREATE TABLE IF NOT EXISTS rp_debits (
    tenant           varchar(128)  COLLATE "C" NOT NULL,
    customer_id      varchar(128)  COLLATE "C" NOT NULL,
    id               varchar(128)  COLLATE "C" NOT NULL,
    kind             varchar(20)   NOT NULL,
    status           varchar(10)   NOT NULL,
    idempotency_key  varchar(400)  COLLATE "C",
    order_id         varchar(128)  COLLATE "C",
    refunded_value   numeric(24,6),
    description      varchar(1000),
    points           bigint        NOT NULL,
    requested_points bigint        NOT NULL,
    created_at       timestamptz   NOT NULL,
    balance_after    bigint        NOT NULL,
    redeem_option_id varchar(128)  COLLATE "C",
    coupon_code      varchar(128)  COLLATE "C",
    resolved_at      timestamptz,
    CONSTRAINT rp_debits_pk PRIMARY KEY (tenant, customer_id, id),
    CONSTRAINT rp_debits_id_uk UNIQUE (tenant, id),
    CONSTRAINT rp_debits_idempotency_key_uk UNIQUE (tenant, idempotency_key),
    CONSTRAINT rp_debits_account_fk FOREIGN KEY (tenant, customer_id) REFERENCES rp_accounts (tenant, customer_id),
    CONSTRAINT rp_debits_kind_ck CHECK (kind IN ('REDEMPTION', 'COUPON_REDEMPTION', 'REVERSAL', 'EXPIRY')),
    CONSTRAINT rp_debits_status_ck CHECK (status IN ('PENDING', 'CONFIRMED', 'RELEASED')),
    CONSTRAINT rp_debits_points_ck CHECK (points >= 0 AND requested_points >= points),
    CONSTRAINT rp_debits_resolved_ck CHECK (status <> 'RELEASED' OR resolved_at IS NOT NULL)
);

-- Debit history pages by (created_at, id).
CREATE INDEX IF NOT EXISTS rp_debits_history_idx ON rp_debits (tenant, customer_id, created_at, id);
-- Reversals of one order, and the reversals that may still hold unsettled debt.
CREATE INDEX IF NOT EXISTS rp_debits_reversal_idx
    ON rp_debits (tenant, customer_id, order_id, created_at, id) WHERE kind = 'REVERSAL';
-- Recovery of coupon reservations left pending, across all tenants.
CREATE INDEX IF NOT EXISTS rp_debits_pending_idx ON rp_debits (created_at, id) WHERE status = 'PENDING';
-- As-of reads: reservations of one account released after an instant.
CREATE INDEX IF NOT EXISTS rp_debits_released_idx ON rp_debits (tenant, customer_id, resolved_at)
    WHERE status = 'RELEASED';

CREATE TABLE IF NOT EXISTS rp_allocations (
    tenant      varchar(128) COLLATE "C" NOT NULL,
    customer_id varchar(128) COLLATE "C" NOT NULL,
    debit_id    varchar(128) COLLATE "C" NOT NULL,
    lot_id      varchar(128) COLLATE "C" NOT NULL,
    points      bigint       NOT NULL,
    CONSTRAINT rp_allocations_pk PRIMARY KEY (tenant, customer_id, debit_id, lot_id),
    CONSTRAINT rp_allocations_debit_fk FOREIGN KEY (tenant, customer_id, debit_id)
        REFERENCES rp_debits (tenant, customer_id, id),
    CONSTRAINT rp_allocations_lot_fk FOREIGN KEY (tenant, customer_id, lot_id)
        REFERENCES rp_lots (tenant, customer_id, id),
    CONSTRAINT rp_allocations_points_ck CHECK (points > 0)
);

-- Allocations by debit use the primary key; these serve allocations by lot.
CREATE INDEX IF NOT EXISTS rp_allocations_lot_idx ON rp_allocations (tenant, customer_id, lot_id);

INSERT INTO rp_schema_version (version, description) VALUES (1, 'reward points ledger')
    ON CONFLICT (version) DO NOTHING;

-- Settings, coupons and redemption options
--
-- Written by JdbcSettingsStore, JdbcCouponIssuer and JdbcRedemptionOptionStore. Decimals are
-- numeric without precision: any value is kept exactly (the library reads 5.50 back as 5.5, as on H2).

-- A site's couponSettings.rewardpoints mixin, plus the site's currency and time zone.
CREATE TABLE IF NOT EXISTS rp_site_settings (
    tenant    varchar(128) COLLATE "C" NOT NULL,
    site_code varchar(128) COLLATE "C" NOT NULL,
    mixin     jsonb        NOT NULL,
    CONSTRAINT rp_site_settings_pk PRIMARY KEY (tenant, site_code)
);

-- Coupons issued for redeemed points, for shops without a coupon service. Codes are unique
-- across tenants, as a shop's checkout looks coupons up by code alone.
CREATE TABLE IF NOT EXISTS rp_issued_coupons (
    tenant              varchar(128)  COLLATE "C" NOT NULL,
    idempotency_key     varchar(128)  COLLATE "C" NOT NULL,
    code                varchar(128)  COLLATE "C" NOT NULL,
    customer_id         varchar(128)  COLLATE "C" NOT NULL,
    coupon_name         varchar(1000) NOT NULL,
    coupon_description  varchar(1000),
    discount_type       varchar(20)   NOT NULL,
    discount_percentage numeric,
    discount_amount     numeric,
    discount_currency   char(3),
    allow_anonymous     boolean       NOT NULL,
    max_redemptions     integer       NOT NULL,
    issued_at           timestamptz   NOT NULL,
    CONSTRAINT rp_issued_coupons_pk PRIMARY KEY (tenant, idempotency_key),
    CONSTRAINT rp_issued_coupons_code_uk UNIQUE (code)
);

CREATE TABLE IF NOT EXISTS rp_redemption_options (
    tenant              varchar(128)  COLLATE "C" NOT NULL,
    id                  varchar(128)  COLLATE "C" NOT NULL,
    name                varchar(1000) NOT NULL,
    description         varchar(1000),
    points              bigint        NOT NULL,
    coupon_name         varchar(1000) NOT NULL,
    coupon_description  varchar(1000),
    discount_type       varchar(20)   NOT NULL,
    discount_percentage numeric,
    discount_amount     numeric,
    discount_currency   char(3),
    allow_anonymous     boolean       NOT NULL,
    max_redemptions     integer       NOT NULL,
    version             bigint        NOT NULL,
    created_at          timestamptz   NOT NULL,
    modified_at         timestamptz   NOT NULL,
    CONSTRAINT rp_redemption_options_pk PRIMARY KEY (tenant, id),
    CONSTRAINT rp_redemption_options_points_ck CHECK (points > 0)
);

-- A tenant's options, oldest first.
CREATE INDEX IF NOT EXISTS rp_redemption_options_list_idx ON rp_redemption_options (tenant, created_at, id);

-- The transactional outbox: one row per event, inserted in the unit of the change it tells of.
-- position orders events (per account in the order of its units); the relay claims the oldest
-- undelivered event of each account. Columns for Debezium's outbox event router: id,
-- aggregate_type, aggregate_id (the account: tenant length, tenant, customer id), type, payload.
-- A fill factor of 70 leaves room in each page for the row versions the relay writes (delivered,
-- failed), so they stay on their page; a failed attempt changes no indexed column (heap-only).
CREATE TABLE IF NOT EXISTS rp_events (
    position        bigint        GENERATED BY DEFAULT AS IDENTITY,
    id              varchar(36)   COLLATE "C" NOT NULL,
    aggregate_type  varchar(32)   NOT NULL DEFAULT 'reward_points_account',
    aggregate_id    varchar(300)  COLLATE "C" NOT NULL,
    tenant          varchar(128)  COLLATE "C" NOT NULL,
    customer_id     varchar(128)  COLLATE "C" NOT NULL,
    type            varchar(32)   NOT NULL,
    entry_id        varchar(128)  COLLATE "C",
    points          bigint        NOT NULL,
    balance_after   bigint        NOT NULL,
    occurred_at     timestamptz   NOT NULL,
    payload         jsonb         NOT NULL,
    attempts        integer       NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    delivered_at    timestamptz,
    parked_at       timestamptz,
    last_error      varchar(1000),
    CONSTRAINT rp_events_pk PRIMARY KEY (position),
    CONSTRAINT rp_events_id_uk UNIQUE (id)
) WITH (fillfactor = 70);

-- Undelivered events per account, in order: what the relay claims and what holds an account back.
CREATE INDEX IF NOT EXISTS rp_events_undelivered_idx ON rp_events (tenant, customer_id, position)
    WHERE delivered_at IS NULL;
CREATE INDEX IF NOT EXISTS rp_events_due_idx ON rp_events (position) WHERE delivered_at IS NULL;
-- Delivered events by age, for retention.
CREATE INDEX IF NOT EXISTS rp_events_delivered_idx ON rp_events (delivered_at) WHERE delivered_at IS NOT NULL;

-- The common credit in one round trip: JdbcLedgerStore calls it as one statement in autocommit for
-- an order or points added to an account that exists. It adds the points to the account if the
-- account has no debt and stays within p_max_open, inserts the lot with the account's active
-- points right after it (open points less expired and pending points, the lot's own when it is
-- pending) and the lot's event with that balance, and returns the balance; it returns null and
-- changes nothing when the account is missing, in debt or would pass p_max_open. A used lot id or
-- idempotency key fails with a unique violation, and the whole statement changes nothing. Under
-- READ COMMITTED each statement of the function reads after the ones before it, so the balance is
-- read with the account's row lock held.
CREATE OR REPLACE FUNCTION rp_credit(p_tenant varchar, p_customer_id varchar, p_id varchar,
        p_idempotency_key varchar, p_order_id varchar, p_order_value numeric, p_currency varchar,
        p_reference_id varchar, p_description varchar, p_points bigint, p_created_at timestamptz,
        p_valid_until timestamptz, p_activates_at timestamptz, p_max_open bigint, p_as_of timestamptz,
        p_event_id varchar, p_aggregate_id varchar, p_event_type varchar, p_event_points bigint,
        p_occurred_at timestamptz, p_payload jsonb)
    RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    v_balance bigint;
BEGIN
    UPDATE rp_accounts SET open_points = open_points + p_points, version = version + 1
     WHERE tenant = p_tenant AND customer_id = p_customer_id AND debt = 0 AND open_points <= p_max_open - p_points;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    INSERT INTO rp_lots (id, tenant, customer_id, idempotency_key, order_id, order_value, currency, reference_id,
            description, points, remaining, created_at, valid_until, activates_at, pending_until, balance_after)
    SELECT p_id, p_tenant, p_customer_id, p_idempotency_key, p_order_id, p_order_value, p_currency, p_reference_id,
           p_description, p_points, p_points, p_created_at, p_valid_until, p_activates_at, p_activates_at,
           a.open_points
           - (SELECT COALESCE(SUM(l.remaining), 0) FROM rp_lots l WHERE l.tenant = p_tenant
                AND l.customer_id = p_customer_id AND l.remaining > 0 AND l.valid_until <= p_as_of)
           - (SELECT COALESCE(SUM(l.remaining), 0) FROM rp_lots l WHERE l.tenant = p_tenant
                AND l.customer_id = p_customer_id AND l.activates_at > p_as_of AND l.remaining > 0
                AND l.valid_until > p_as_of)
           - CASE WHEN p_activates_at > p_as_of AND p_valid_until > p_as_of THEN p_points ELSE 0 END
      FROM rp_accounts a WHERE a.tenant = p_tenant AND a.customer_id = p_customer_id
    RETURNING balance_after INTO v_balance;
    INSERT INTO rp_events (id, aggregate_id, tenant, customer_id, type, entry_id, points, balance_after,
            occurred_at, payload)
    VALUES (p_event_id, p_aggregate_id, p_tenant, p_customer_id, p_event_type, p_id, p_event_points, v_balance,
            p_occurred_at, p_payload);
    RETURN v_balance;
END
$$;
