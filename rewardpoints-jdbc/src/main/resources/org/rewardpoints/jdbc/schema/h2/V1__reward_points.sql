-- rewardpoints schema V1 for H2 2.x.
--
-- Apply by hand, or let JdbcLedgerStore create it with SchemaMode.CREATE. To use a table prefix
-- other than the default "rp_", replace every "rp_" in this file. Every statement is idempotent
-- (IF NOT EXISTS), so applying the file twice is harmless.
--
-- Instants are TIMESTAMP WITH TIME ZONE stored in UTC with microsecond precision. H2 has no
-- partial indexes: the open-lot indexes cover all lots and the queries filter remaining > 0.

CREATE TABLE IF NOT EXISTS rp_schema_version (
    version     integer                  NOT NULL,
    description varchar(200)             NOT NULL,
    applied_at  timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    CONSTRAINT rp_schema_version_pk PRIMARY KEY (version)
);

CREATE TABLE IF NOT EXISTS rp_accounts (
    tenant      varchar(128)             NOT NULL,
    customer_id varchar(128)             NOT NULL,
    open_points bigint                   NOT NULL,
    debt        bigint                   NOT NULL,
    created_at  timestamp with time zone NOT NULL,
    version     bigint                   NOT NULL,
    CONSTRAINT rp_accounts_pk PRIMARY KEY (tenant, customer_id),
    CONSTRAINT rp_accounts_open_points_ck CHECK (open_points >= 0),
    CONSTRAINT rp_accounts_debt_ck CHECK (debt >= 0)
);

CREATE TABLE IF NOT EXISTS rp_lots (
    tenant          varchar(128)             NOT NULL,
    customer_id     varchar(128)             NOT NULL,
    id              varchar(128)             NOT NULL,
    idempotency_key varchar(400),
    order_id        varchar(128),
    order_value     numeric(24,6),
    currency        char(3),
    reference_id    varchar(128),
    description     varchar(1000),
    points          bigint                   NOT NULL,
    remaining       bigint                   NOT NULL,
    created_at      timestamp with time zone NOT NULL,
    valid_until     timestamp with time zone NOT NULL,
    -- when a lot credited pending became (or becomes) usable; null for a lot usable from created_at
    activates_at    timestamp with time zone,
    -- activates_at while the lot's activation is not recorded yet (recordActivations), else null
    pending_until   timestamp with time zone,
    balance_after   bigint                   NOT NULL,
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

CREATE INDEX IF NOT EXISTS rp_lots_open_idx ON rp_lots (tenant, customer_id, valid_until, created_at, id);
CREATE INDEX IF NOT EXISTS rp_lots_history_idx ON rp_lots (tenant, customer_id, created_at, id);
CREATE INDEX IF NOT EXISTS rp_lots_expiring_idx ON rp_lots (valid_until, remaining, announced_window);
CREATE INDEX IF NOT EXISTS rp_lots_tenant_expiry_idx ON rp_lots (tenant, valid_until, customer_id, remaining);
-- Pending points of one account (now or as of an instant), and activations to record across all tenants.
CREATE INDEX IF NOT EXISTS rp_lots_pending_idx ON rp_lots (tenant, customer_id, activates_at, remaining, valid_until);
CREATE INDEX IF NOT EXISTS rp_lots_activation_idx ON rp_lots (pending_until, tenant, customer_id);

CREATE TABLE IF NOT EXISTS rp_debits (
    tenant           varchar(128)             NOT NULL,
    customer_id      varchar(128)             NOT NULL,
    id               varchar(128)             NOT NULL,
    kind             varchar(20)              NOT NULL,
    status           varchar(10)              NOT NULL,
    idempotency_key  varchar(400),
    order_id         varchar(128),
    refunded_value   numeric(24,6),
    description      varchar(1000),
    points           bigint                   NOT NULL,
    requested_points bigint                   NOT NULL,
    created_at       timestamp with time zone NOT NULL,
    balance_after    bigint                   NOT NULL,
    redeem_option_id varchar(128),
    coupon_code      varchar(128),
    resolved_at      timestamp with time zone,
    CONSTRAINT rp_debits_pk PRIMARY KEY (tenant, customer_id, id),
    CONSTRAINT rp_debits_id_uk UNIQUE (tenant, id),
    CONSTRAINT rp_debits_idempotency_key_uk UNIQUE (tenant, idempotency_key),
    CONSTRAINT rp_debits_account_fk FOREIGN KEY (tenant, customer_id) REFERENCES rp_accounts (tenant, customer_id),
    CONSTRAINT rp_debits_kind_ck CHECK (kind IN ('REDEMPTION', 'COUPON_REDEMPTION', 'REVERSAL', 'EXPIRY')),
    CONSTRAINT rp_debits_status_ck CHECK (status IN ('PENDING', 'CONFIRMED', 'RELEASED')),
    CONSTRAINT rp_debits_points_ck CHECK (points >= 0 AND requested_points >= points),
    CONSTRAINT rp_debits_resolved_ck CHECK (status <> 'RELEASED' OR resolved_at IS NOT NULL)
);

CREATE INDEX IF NOT EXISTS rp_debits_history_idx ON rp_debits (tenant, customer_id, created_at, id);
CREATE INDEX IF NOT EXISTS rp_debits_reversal_idx ON rp_debits (tenant, customer_id, order_id, created_at, id);
CREATE INDEX IF NOT EXISTS rp_debits_pending_idx ON rp_debits (status, created_at, id);
CREATE INDEX IF NOT EXISTS rp_debits_released_idx ON rp_debits (tenant, customer_id, status, resolved_at);

CREATE TABLE IF NOT EXISTS rp_allocations (
    tenant      varchar(128) NOT NULL,
    customer_id varchar(128) NOT NULL,
    debit_id    varchar(128) NOT NULL,
    lot_id      varchar(128) NOT NULL,
    points      bigint       NOT NULL,
    CONSTRAINT rp_allocations_pk PRIMARY KEY (tenant, customer_id, debit_id, lot_id),
    CONSTRAINT rp_allocations_debit_fk FOREIGN KEY (tenant, customer_id, debit_id)
        REFERENCES rp_debits (tenant, customer_id, id),
    CONSTRAINT rp_allocations_lot_fk FOREIGN KEY (tenant, customer_id, lot_id)
        REFERENCES rp_lots (tenant, customer_id, id),
    CONSTRAINT rp_allocations_points_ck CHECK (points > 0)
);

CREATE INDEX IF NOT EXISTS rp_allocations_lot_idx ON rp_allocations (tenant, customer_id, lot_id);

MERGE INTO rp_schema_version (version, description) KEY (version) VALUES (1, 'reward points ledger');

-- Settings, coupons and redemption options
--
-- Written by JdbcSettingsStore, JdbcCouponIssuer and JdbcRedemptionOptionStore. Decimals are
-- DECFLOAT: any value is kept exactly (trailing zeros are not kept: 5.50 reads back as 5.5).

-- A site's couponSettings.rewardpoints mixin as JSON text, plus the site's currency and time zone.
CREATE TABLE IF NOT EXISTS rp_site_settings (
    tenant    varchar(128)  NOT NULL,
    site_code varchar(128)  NOT NULL,
    mixin     varchar(4000) NOT NULL,
    CONSTRAINT rp_site_settings_pk PRIMARY KEY (tenant, site_code)
);

-- Coupons issued for redeemed points, for shops without a coupon service. Codes are unique
-- across tenants, as a shop's checkout looks coupons up by code alone.
CREATE TABLE IF NOT EXISTS rp_issued_coupons (
    tenant              varchar(128)             NOT NULL,
    idempotency_key     varchar(128)             NOT NULL,
    code                varchar(128)             NOT NULL,
    customer_id         varchar(128)             NOT NULL,
    coupon_name         varchar(1000)            NOT NULL,
    coupon_description  varchar(1000),
    discount_type       varchar(20)              NOT NULL,
    discount_percentage decfloat,
    discount_amount     decfloat,
    discount_currency   char(3),
    allow_anonymous     boolean                  NOT NULL,
    max_redemptions     integer                  NOT NULL,
    issued_at           timestamp with time zone NOT NULL,
    CONSTRAINT rp_issued_coupons_pk PRIMARY KEY (tenant, idempotency_key),
    CONSTRAINT rp_issued_coupons_code_uk UNIQUE (code)
);

CREATE TABLE IF NOT EXISTS rp_redemption_options (
    tenant              varchar(128)             NOT NULL,
    id                  varchar(128)             NOT NULL,
    name                varchar(1000)            NOT NULL,
    description         varchar(1000),
    points              bigint                   NOT NULL,
    coupon_name         varchar(1000)            NOT NULL,
    coupon_description  varchar(1000),
    discount_type       varchar(20)              NOT NULL,
    discount_percentage decfloat,
    discount_amount     decfloat,
    discount_currency   char(3),
    allow_anonymous     boolean                  NOT NULL,
    max_redemptions     integer                  NOT NULL,
    version             bigint                   NOT NULL,
    created_at          timestamp with time zone NOT NULL,
    modified_at         timestamp with time zone NOT NULL,
    CONSTRAINT rp_redemption_options_pk PRIMARY KEY (tenant, id),
    CONSTRAINT rp_redemption_options_points_ck CHECK (points > 0)
);

CREATE INDEX IF NOT EXISTS rp_redemption_options_list_idx ON rp_redemption_options (tenant, created_at, id);

-- The transactional outbox: one row per event, inserted in the unit of the change it tells of.
-- position orders events (per account in the order of its units); the relay claims the oldest
-- undelivered event of each account. Columns for Debezium's outbox event router: id,
-- aggregate_type, aggregate_id (the account: tenant length, tenant, customer id), type, payload.
CREATE TABLE IF NOT EXISTS rp_events (
    position        bigint GENERATED BY DEFAULT AS IDENTITY,
    id              varchar(36)   NOT NULL,
    aggregate_type  varchar(32)   DEFAULT 'reward_points_account' NOT NULL,
    aggregate_id    varchar(300)  NOT NULL,
    tenant          varchar(128)  NOT NULL,
    customer_id     varchar(128)  NOT NULL,
    type            varchar(32)   NOT NULL,
    entry_id        varchar(128),
    points          bigint        NOT NULL,
    balance_after   bigint        NOT NULL,
    occurred_at     timestamp with time zone NOT NULL,
    payload         varchar(100000) NOT NULL,
    attempts        integer       DEFAULT 0 NOT NULL,
    next_attempt_at timestamp with time zone,
    delivered_at    timestamp with time zone,
    parked_at       timestamp with time zone,
    last_error      varchar(1000),
    CONSTRAINT rp_events_pk PRIMARY KEY (position),
    CONSTRAINT rp_events_id_uk UNIQUE (id)
);

CREATE INDEX IF NOT EXISTS rp_events_undelivered_idx ON rp_events (tenant, customer_id, delivered_at, position);
CREATE INDEX IF NOT EXISTS rp_events_delivered_idx ON rp_events (delivered_at);
