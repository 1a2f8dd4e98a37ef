-- rewardpoints schema V1 for Citus (distributed PostgreSQL; tested on Citus 13.2 with PostgreSQL 15),
-- by customer: one huge tenant spread across nodes. Use it with CitusDialect.BY_CUSTOMER.
--
-- The PostgreSQL schema, distributed: every table holding an account's rows is distributed by
-- customer_id and colocated with rp_accounts, so all rows of one account live in one shard and a
-- unit on one account reads and writes one shard, whatever the tenant. Citus needs every unique
-- key to hold the distribution column, so the uniqueness rules that span customers are not on the
-- per-account tables but in key tables distributed by the key, which the library writes in the
-- same (distributed, two-phase committed) transaction as the row they guard:
--   rp_lot_keys     a lot's idempotency key (order ids, add ids) per tenant, naming its account and lot;
--   rp_debit_keys   a debit's idempotency key (redemption, return and coupon request ids);
--   rp_coupon_codes an issued coupon's code, unique across tenants.
-- An order delivered twice, even under another customer id, meets its key's row in rp_lot_keys
-- and is credited once; a replay looks its key up there (one shard), then reads the entry from
-- its account's shard. Lot and debit ids are unique per account (the primary keys); the library
-- makes them as time-ordered random UUIDs. Other differences from the by-tenant file: rp_events'
-- keys are (position, customer_id) and (id, customer_id); the issued coupons are distributed by
-- their idempotency key; settings and redemption options, a tenant's few rows, are distributed by
-- tenant in a colocation group of their own; the schema version is a reference table.
--
-- Apply by hand with psql on the coordinator (the citus extension installed and the workers
-- added), or let JdbcLedgerStore create it with SchemaMode.CREATE and CitusDialect.BY_CUSTOMER. To
-- use a table prefix other than the default "rp_", replace every "rp_" in this file. Every
-- statement is idempotent (IF NOT EXISTS, and a table is distributed only if it is not yet), so
-- applying the file twice is harmless.
--
-- Instants are timestamptz (UTC, microsecond precision). Id columns use the "C" collation so
-- that ordering and keyset paging are by code point, whatever the database's locale.

CREATE TABLE IF NOT EXISTS rp_schema_version (
    version     integer      NOT NULL,
    description varchar(200) NOT NULL,
    applied_at  timestamptz  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT rp_schema_version_pk PRIMARY KEY (version)
);
-- A reference table: read when an instance starts, on whichever node it connects to.
SELECT create_reference_table('rp_schema_version')
    WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'rp_schema_version'::regclass);

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
SELECT create_distributed_table('rp_accounts', 'customer_id')
    WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'rp_accounts'::regclass);

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
    CONSTRAINT rp_lots_account_fk FOREIGN KEY (tenant, customer_id) REFERENCES rp_accounts (tenant, customer_id),
    CONSTRAINT rp_lots_points_ck CHECK (points > 0),
    CONSTRAINT rp_lots_remaining_ck CHECK (remaining >= 0 AND remaining <= points),
    CONSTRAINT rp_lots_announced_window_ck CHECK (announced_window > 0)
);
SELECT create_distributed_table('rp_lots', 'customer_id', colocate_with => 'rp_accounts')
    WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'rp_lots'::regclass);

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
    CONSTRAINT rp_debits_account_fk FOREIGN KEY (tenant, customer_id) REFERENCES rp_accounts (tenant, customer_id),
    CONSTRAINT rp_debits_kind_ck CHECK (kind IN ('REDEMPTION', 'COUPON_REDEMPTION', 'REVERSAL', 'EXPIRY')),
    CONSTRAINT rp_debits_status_ck CHECK (status IN ('PENDING', 'CONFIRMED', 'RELEASED')),
    CONSTRAINT rp_debits_points_ck CHECK (points >= 0 AND requested_points >= points),
    CONSTRAINT rp_debits_resolved_ck CHECK (status <> 'RELEASED' OR resolved_at IS NOT NULL)
);
SELECT create_distributed_table('rp_debits', 'customer_id', colocate_with => 'rp_accounts')
    WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'rp_debits'::regclass);

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
SELECT create_distributed_table('rp_allocations', 'customer_id', colocate_with => 'rp_accounts')
    WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'rp_allocations'::regclass);

-- Allocations by debit use the primary key; these serve allocations by lot.
CREATE INDEX IF NOT EXISTS rp_allocations_lot_idx ON rp_allocations (tenant, customer_id, lot_id);

-- The idempotency keys of lots across the tenant's customers, distributed by the key: the row is
-- inserted with its lot, in the same transaction, so a second lot under the key fails on this
-- primary key whichever customer it is for. Deleted with the account's lots (deleteAccount).
CREATE TABLE IF NOT EXISTS rp_lot_keys (
    idempotency_key varchar(400) COLLATE "C" NOT NULL,
    tenant          varchar(128) COLLATE "C" NOT NULL,
    customer_id     varchar(128) COLLATE "C" NOT NULL,
    lot_id          varchar(128) COLLATE "C" NOT NULL,
    CONSTRAINT rp_lot_keys_pk PRIMARY KEY (tenant, idempotency_key)
);
SELECT create_distributed_table('rp_lot_keys', 'idempotency_key', colocate_with => 'none')
    WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'rp_lot_keys'::regclass);

-- The idempotency keys of debits, as those of lots.
CREATE TABLE IF NOT EXISTS rp_debit_keys (
    idempotency_key varchar(400) COLLATE "C" NOT NULL,
    tenant          varchar(128) COLLATE "C" NOT NULL,
    customer_id     varchar(128) COLLATE "C" NOT NULL,
    debit_id        varchar(128) COLLATE "C" NOT NULL,
    CONSTRAINT rp_debit_keys_pk PRIMARY KEY (tenant, idempotency_key)
);
SELECT create_distributed_table('rp_debit_keys', 'idempotency_key', colocate_with => 'rp_lot_keys')
    WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'rp_debit_keys'::regclass);

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
SELECT create_distributed_table('rp_site_settings', 'tenant', colocate_with => 'none')
    WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'rp_site_settings'::regclass);

-- Coupons issued for redeemed points, for shops without a coupon service, distributed by their
-- idempotency key (JdbcCouponIssuer finds a coupon by tenant and key: one shard). Codes are
-- unique across tenants, as a shop's checkout looks coupons up by code alone: in rp_coupon_codes,
-- distributed by the code, written in the coupon's transaction.
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
    CONSTRAINT rp_issued_coupons_pk PRIMARY KEY (tenant, idempotency_key)
);
SELECT create_distributed_table('rp_issued_coupons', 'idempotency_key', colocate_with => 'none')
    WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'rp_issued_coupons'::regclass);

-- The code of each issued coupon, and the coupon it belongs to (its tenant and idempotency key).
CREATE TABLE IF NOT EXISTS rp_coupon_codes (
    code            varchar(128) COLLATE "C" NOT NULL,
    tenant          varchar(128) COLLATE "C" NOT NULL,
    idempotency_key varchar(128) COLLATE "C" NOT NULL,
    CONSTRAINT rp_coupon_codes_pk PRIMARY KEY (code)
);
SELECT create_distributed_table('rp_coupon_codes', 'code', colocate_with => 'rp_issued_coupons')
    WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'rp_coupon_codes'::regclass);

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
SELECT create_distributed_table('rp_redemption_options', 'tenant', colocate_with => 'rp_site_settings')
    WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'rp_redemption_options'::regclass);

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
    CONSTRAINT rp_events_pk PRIMARY KEY (position, customer_id),
    CONSTRAINT rp_events_id_uk UNIQUE (id, customer_id)
) WITH (fillfactor = 70);
SELECT create_distributed_table('rp_events', 'customer_id', colocate_with => 'rp_accounts')
    WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'rp_events'::regclass);

-- Undelivered events per account, in order: what the relay claims and what holds an account back.
CREATE INDEX IF NOT EXISTS rp_events_undelivered_idx ON rp_events (tenant, customer_id, position)
    WHERE delivered_at IS NULL;
CREATE INDEX IF NOT EXISTS rp_events_due_idx ON rp_events (position) WHERE delivered_at IS NULL;
-- Delivered events by age, for retention.
CREATE INDEX IF NOT EXISTS rp_events_delivered_idx ON rp_events (delivered_at) WHERE delivered_at IS NOT NULL;
