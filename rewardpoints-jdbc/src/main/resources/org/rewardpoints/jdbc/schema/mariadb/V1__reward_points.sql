-- rewardpoints schema V1 for MariaDB (tested on 10.11; needs 10.6+ for SKIP LOCKED and JSON_TABLE).
--
-- Apply by hand with the mariadb client, or let JdbcLedgerStore create it with SchemaMode.CREATE.
-- To use a table prefix other than the default "rp_", replace every "rp_" in this file. Every
-- statement is idempotent (IF NOT EXISTS), so applying the file twice is harmless.
--
-- Tables are InnoDB. Instants are DATETIME(6) holding UTC (microsecond precision): the library
-- binds and reads them without any time-zone conversion, whatever the server's or session's time
-- zone. Id columns are utf8mb4 with the binary collation, so that equality is case- and
-- accent-sensitive and ordering and keyset paging are by code point, as on PostgreSQL. MariaDB
-- has no partial indexes: the open-lot index is on open_until, a generated column that is NULL
-- once a lot is spent. Indexes are declared inside CREATE TABLE, which MySQL 8.0 also accepts.

CREATE TABLE IF NOT EXISTS rp_schema_version (
    version     integer      NOT NULL,
    description varchar(200) NOT NULL,
    applied_at  timestamp(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    CONSTRAINT rp_schema_version_pk PRIMARY KEY (version)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE IF NOT EXISTS rp_accounts (
    tenant      varchar(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    customer_id varchar(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    open_points bigint       NOT NULL,
    debt        bigint       NOT NULL,
    created_at  datetime(6)  NOT NULL,
    version     bigint       NOT NULL,
    CONSTRAINT rp_accounts_pk PRIMARY KEY (tenant, customer_id),
    CONSTRAINT rp_accounts_open_points_ck CHECK (open_points >= 0),
    CONSTRAINT rp_accounts_debt_ck CHECK (debt >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE IF NOT EXISTS rp_lots (
    tenant          varchar(128)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    customer_id     varchar(128)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    id              varchar(128)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    idempotency_key varchar(400)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
    order_id        varchar(128)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
    order_value     decimal(24,6),
    currency        char(3),
    reference_id    varchar(128),
    description     varchar(1000),
    points          bigint        NOT NULL,
    remaining       bigint        NOT NULL,
    created_at      datetime(6)   NOT NULL,
    valid_until     datetime(6)   NOT NULL,
    -- when a lot credited pending became (or becomes) usable; null for a lot usable from created_at
    activates_at    datetime(6),
    -- activates_at while the lot's activation is not recorded yet (recordActivations), else null
    pending_until   datetime(6),
    balance_after   bigint        NOT NULL,
    -- the window (seconds) the lot was last announced as expiring within, or null (announceExpiringSoon)
    announced_window bigint,
    -- valid_until while the lot has points left, NULL once it is spent. MariaDB has no partial
    -- indexes: in an index on valid_until the spent lots (spent soonest-expiring first) would lie
    -- in front of every range the hot paths read; on open_until they lie outside them.
    open_until      datetime(6)   GENERATED ALWAYS AS (CASE WHEN remaining > 0 THEN valid_until END) STORED,
    CONSTRAINT rp_lots_pk PRIMARY KEY (tenant, customer_id, id),
    CONSTRAINT rp_lots_id_uk UNIQUE (tenant, id),
    CONSTRAINT rp_lots_idempotency_key_uk UNIQUE (tenant, idempotency_key),
    CONSTRAINT rp_lots_account_fk FOREIGN KEY (tenant, customer_id) REFERENCES rp_accounts (tenant, customer_id),
    CONSTRAINT rp_lots_points_ck CHECK (points > 0),
    CONSTRAINT rp_lots_remaining_ck CHECK (remaining >= 0 AND remaining <= points),
    CONSTRAINT rp_lots_announced_window_ck CHECK (announced_window > 0),
    -- Spendable and expired lots of one account, soonest-expiring first, spent ones left out of
    -- every range (NULL); remaining at the end lets the balance read sum expired points from the
    -- index alone.
    INDEX rp_lots_open_idx (tenant, customer_id, open_until, created_at, id, remaining),
    -- Credit history pages by (created_at, id).
    INDEX rp_lots_history_idx (tenant, customer_id, created_at, id),
    -- The expiry sweep's and the expiring-soon announcements' candidates across all tenants.
    INDEX rp_lots_expiring_idx (valid_until, remaining, announced_window),
    -- A tenant's customers with points expiring in a window, from the index alone.
    INDEX rp_lots_tenant_expiry_idx (tenant, valid_until, customer_id, remaining),
    -- Pending points of one account (now or as of an instant), and activations to record across all tenants.
    INDEX rp_lots_pending_idx (tenant, customer_id, activates_at, remaining, valid_until),
    INDEX rp_lots_activation_idx (pending_until, tenant, customer_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE IF NOT EXISTS rp_debits (
    tenant           varchar(128)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    customer_id      varchar(128)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    id               varchar(128)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    kind             varchar(20)   NOT NULL,
    status           varchar(10)   NOT NULL,
    idempotency_key  varchar(400)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
    order_id         varchar(128)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
    refunded_value   decimal(24,6),
    description      varchar(1000),
    points           bigint        NOT NULL,
    requested_points bigint        NOT NULL,
    created_at       datetime(6)   NOT NULL,
    balance_after    bigint        NOT NULL,
    redeem_option_id varchar(128)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
    coupon_code      varchar(128)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
    resolved_at      datetime(6),
    CONSTRAINT rp_debits_pk PRIMARY KEY (tenant, customer_id, id),
    CONSTRAINT rp_debits_id_uk UNIQUE (tenant, id),
    CONSTRAINT rp_debits_idempotency_key_uk UNIQUE (tenant, idempotency_key),
    CONSTRAINT rp_debits_account_fk FOREIGN KEY (tenant, customer_id) REFERENCES rp_accounts (tenant, customer_id),
    CONSTRAINT rp_debits_kind_ck CHECK (kind IN ('REDEMPTION', 'COUPON_REDEMPTION', 'REVERSAL', 'EXPIRY')),
    CONSTRAINT rp_debits_status_ck CHECK (status IN ('PENDING', 'CONFIRMED', 'RELEASED')),
    CONSTRAINT rp_debits_points_ck CHECK (points >= 0 AND requested_points >= points),
    CONSTRAINT rp_debits_resolved_ck CHECK (status <> 'RELEASED' OR resolved_at IS NOT NULL),
    -- Debit history pages by (created_at, id).
    INDEX rp_debits_history_idx (tenant, customer_id, created_at, id),
    -- Reversals of one order, and the reversals that may still hold unsettled debt.
    INDEX rp_debits_reversal_idx (tenant, customer_id, order_id, created_at, id),
    -- Recovery of coupon reservations left pending, across all tenants.
    INDEX rp_debits_pending_idx (status, created_at, id),
    -- As-of reads: reservations of one account released after an instant.
    INDEX rp_debits_released_idx (tenant, customer_id, status, resolved_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE IF NOT EXISTS rp_allocations (
    tenant      varchar(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    customer_id varchar(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    debit_id    varchar(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    lot_id      varchar(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    points      bigint       NOT NULL,
    CONSTRAINT rp_allocations_pk PRIMARY KEY (tenant, customer_id, debit_id, lot_id),
    CONSTRAINT rp_allocations_debit_fk FOREIGN KEY (tenant, customer_id, debit_id)
        REFERENCES rp_debits (tenant, customer_id, id),
    CONSTRAINT rp_allocations_lot_fk FOREIGN KEY (tenant, customer_id, lot_id)
        REFERENCES rp_lots (tenant, customer_id, id),
    CONSTRAINT rp_allocations_points_ck CHECK (points > 0),
    -- Allocations by debit use the primary key; this one serves allocations by lot.
    INDEX rp_allocations_lot_idx (tenant, customer_id, lot_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

INSERT INTO rp_schema_version (version, description) VALUES (1, 'reward points ledger')
    ON DUPLICATE KEY UPDATE version = version;

-- Settings, coupons and redemption options
--
-- Written by JdbcSettingsStore, JdbcCouponIssuer and JdbcRedemptionOptionStore. Discounts are
-- decimal(65,30), MariaDB's widest: 35 integer and 30 fractional digits kept exactly (the
-- library reads 5.50 back as 5.5, as on H2).

-- A site's couponSettings.rewardpoints mixin, plus the site's currency and time zone.
CREATE TABLE IF NOT EXISTS rp_site_settings (
    tenant    varchar(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    site_code varchar(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    mixin     json         NOT NULL,
    CONSTRAINT rp_site_settings_pk PRIMARY KEY (tenant, site_code)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- Coupons issued for redeemed points, for shops without a coupon service. Codes are unique
-- across tenants, as a shop's checkout looks coupons up by code alone.
CREATE TABLE IF NOT EXISTS rp_issued_coupons (
    tenant              varchar(128)   CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    idempotency_key     varchar(128)   CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    code                varchar(128)   CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    customer_id         varchar(128)   CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    coupon_name         varchar(1000)  NOT NULL,
    coupon_description  varchar(1000),
    discount_type       varchar(20)    NOT NULL,
    discount_percentage decimal(65,30),
    discount_amount     decimal(65,30),
    discount_currency   char(3),
    allow_anonymous     boolean        NOT NULL,
    max_redemptions     integer        NOT NULL,
    issued_at           datetime(6)    NOT NULL,
    CONSTRAINT rp_issued_coupons_pk PRIMARY KEY (tenant, idempotency_key),
    CONSTRAINT rp_issued_coupons_code_uk UNIQUE (code)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE IF NOT EXISTS rp_redemption_options (
    tenant              varchar(128)   CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    id                  varchar(128)   CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    name                varchar(1000)  NOT NULL,
    description         varchar(1000),
    points              bigint         NOT NULL,
    coupon_name         varchar(1000)  NOT NULL,
    coupon_description  varchar(1000),
    discount_type       varchar(20)    NOT NULL,
    discount_percentage decimal(65,30),
    discount_amount     decimal(65,30),
    discount_currency   char(3),
    allow_anonymous     boolean        NOT NULL,
    max_redemptions     integer        NOT NULL,
    version             bigint         NOT NULL,
    created_at          datetime(6)    NOT NULL,
    modified_at         datetime(6)    NOT NULL,
    CONSTRAINT rp_redemption_options_pk PRIMARY KEY (tenant, id),
    CONSTRAINT rp_redemption_options_points_ck CHECK (points > 0),
    -- A tenant's options, oldest first.
    INDEX rp_redemption_options_list_idx (tenant, created_at, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- The transactional outbox: one row per event, inserted in the unit of the change it tells of.
-- position orders events (per account in the order of its units); the relay claims the oldest
-- undelivered event of each account. Columns for Debezium's outbox event router: id,
-- aggregate_type, aggregate_id (the account: tenant length, tenant, customer id), type, payload.
CREATE TABLE IF NOT EXISTS rp_events (
    position        bigint        NOT NULL AUTO_INCREMENT,
    id              varchar(36)   CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    aggregate_type  varchar(32)   NOT NULL DEFAULT 'reward_points_account',
    aggregate_id    varchar(300)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    tenant          varchar(128)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    customer_id     varchar(128)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    type            varchar(32)   NOT NULL,
    entry_id        varchar(128)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
    points          bigint        NOT NULL,
    balance_after   bigint        NOT NULL,
    occurred_at     datetime(6)   NOT NULL,
    payload         json          NOT NULL,
    attempts        integer       NOT NULL DEFAULT 0,
    next_attempt_at datetime(6),
    delivered_at    datetime(6),
    parked_at       datetime(6),
    last_error      varchar(1000),
    CONSTRAINT rp_events_pk PRIMARY KEY (position),
    CONSTRAINT rp_events_id_uk UNIQUE (id),
    -- Undelivered events per account, in order: what the relay claims and what holds an account back.
    INDEX rp_events_undelivered_idx (tenant, customer_id, delivered_at, position),
    -- Delivered events by age, for retention.
    INDEX rp_events_delivered_idx (delivered_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- The common credit in one round trip, as rp_credit on PostgreSQL: JdbcLedgerStore calls it as one
-- CALL in autocommit for an order or points added to an account that exists. In a transaction of
-- its own it adds the points to the account if the account has no debt and stays within
-- p_max_open, reads the account's active points right after it (open points less expired and
-- pending points, the lot's own when it is pending), inserts the lot and its event with that
-- balance, commits, and returns the balance; it returns null and changes nothing when the account
-- is missing, in debt or would pass p_max_open. Any error (a used lot id or idempotency key, a
-- deadlock) rolls the transaction back and is raised again. Because it commits, a store joining
-- the caller's transaction does not call it: it sends the statements instead. The parameters'
-- collation is the id columns', so that the comparisons use their indexes. The DELIMITER lines are
-- the mariadb client's (and SchemaMode.CREATE's) way to read the body's semicolons as part of it.
DELIMITER //
CREATE PROCEDURE IF NOT EXISTS rp_credit(
        p_tenant varchar(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
        p_customer_id varchar(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
        p_id varchar(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
        p_idempotency_key varchar(400) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
        p_order_id varchar(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin, p_order_value decimal(24,6),
        p_currency char(3), p_reference_id varchar(128), p_description varchar(1000), p_points bigint,
        p_created_at datetime(6), p_valid_until datetime(6), p_activates_at datetime(6), p_max_open bigint,
        p_as_of datetime(6), p_event_id varchar(36) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
        p_aggregate_id varchar(300) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin, p_event_type varchar(32),
        p_event_points bigint, p_occurred_at datetime(6), p_payload longtext)
BEGIN
    DECLARE v_balance bigint DEFAULT NULL;
    DECLARE EXIT HANDLER FOR SQLEXCEPTION
    BEGIN
        ROLLBACK;
        RESIGNAL;
    END;
    START TRANSACTION;
    UPDATE rp_accounts SET open_points = open_points + p_points, version = version + 1
     WHERE tenant = p_tenant AND customer_id = p_customer_id AND debt = 0 AND open_points <= p_max_open - p_points;
    IF ROW_COUNT() = 1 THEN
        SELECT a.open_points
               - (SELECT COALESCE(SUM(l.remaining), 0) FROM rp_lots l USE INDEX (rp_lots_open_idx)
                  WHERE l.tenant = p_tenant AND l.customer_id = p_customer_id AND l.open_until <= p_as_of)
               - (SELECT COALESCE(SUM(l.remaining), 0) FROM rp_lots l USE INDEX (rp_lots_pending_idx)
                  WHERE l.tenant = p_tenant AND l.customer_id = p_customer_id AND l.activates_at > p_as_of AND l.remaining > 0
                    AND l.valid_until > p_as_of)
               - CASE WHEN p_activates_at > p_as_of AND p_valid_until > p_as_of THEN p_points ELSE 0 END
          INTO v_balance
          FROM rp_accounts a WHERE a.tenant = p_tenant AND a.customer_id = p_customer_id;
        INSERT INTO rp_lots (id, tenant, customer_id, idempotency_key, order_id, order_value, currency,
                reference_id, description, points, remaining, created_at, valid_until, activates_at,
                pending_until, balance_after)
        VALUES (p_id, p_tenant, p_customer_id, p_idempotency_key, p_order_id, p_order_value, p_currency,
                p_reference_id, p_description, p_points, p_points, p_created_at, p_valid_until, p_activates_at,
                p_activates_at, v_balance);
        INSERT INTO rp_events (id, aggregate_id, tenant, customer_id, type, entry_id, points, balance_after,
                occurred_at, payload)
        VALUES (p_event_id, p_aggregate_id, p_tenant, p_customer_id, p_event_type, p_id, p_event_points,
                v_balance, p_occurred_at, p_payload);
    END IF;
    COMMIT;
    SELECT v_balance AS balance_after;
END//
DELIMITER ;
