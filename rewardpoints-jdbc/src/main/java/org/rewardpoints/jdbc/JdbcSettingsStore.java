package org.rewardpoints.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.rewardpoints.InvalidInputException;
import org.rewardpoints.SettingsPatch;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.StorageException;
import org.rewardpoints.internal.Checks;
import org.rewardpoints.json.SettingsMixinReader;
import org.rewardpoints.json.SettingsMixinWriter;
import org.rewardpoints.spi.DuplicateKeyException;
import org.rewardpoints.spi.SettingsStore;

/**
 * A {@link SettingsStore} on plain JDBC: each site's settings are one row of
 * {@code <prefix>site_settings}, keyed by (tenant, site code), holding the site's
 * {@code couponSettings.rewardpoints} mixin as JSON ({@code jsonb} on PostgreSQL, text on H2)
 * written by {@link SettingsMixinWriter} and read by {@link SettingsMixinReader}, so a backend can
 * also write the row with the mixin document its site service holds. Thread-safe; build one with
 * {@link #builder(DataSource)} and put the library's settings cache in front of it.
 *
 * <p>{@link #update} runs in one transaction that locks the site's row ({@code SELECT ... FOR
 * UPDATE}) before merging the patch, so concurrent updates of one site, also from other JVMs,
 * apply one after the other. Two instances creating a site's settings at once: the second insert
 * breaks the primary key, and the update is run once more against the row the first created.
 *
 * <p>A stored document that is not valid mixin JSON, or lacks a field without default, makes
 * {@link #find} and {@link #update} throw a {@link StorageException} naming the tenant and site.
 */
public final class JdbcSettingsStore implements SettingsStore {
    static final String COLUMNS = "tenant, site_code, mixin";

    private final JdbcTransactions transactions;
    private final String table;
    private final String select;
    private final String selectForUpdate;
    private final String insert;
    private final String update;

    private JdbcSettingsStore(JdbcTransactions transactions, String tablePrefix) {
        // the transactions, retries and failure translation of the JDBC adapters
        this.transactions = transactions;
        this.table = tablePrefix + "site_settings";
        String json = transactions.dialect().jsonParameter();
        this.select = "SELECT mixin FROM " + table + " WHERE tenant = ? AND site_code = ?";
        this.selectForUpdate = select + " FOR UPDATE";
        this.insert = "INSERT INTO " + table + " (" + COLUMNS + ") VALUES (?, ?, " + json + ")";
        this.update = "UPDATE " + table + " SET mixin = " + json + " WHERE tenant = ? AND site_code = ?";
    }

    /**
     * A builder of a settings store on {@code dataSource}, with the options and defaults of
     * {@link JdbcLedgerStore#builder}.
     *
     * @param dataSource the database, pooled in production
     * @return the builder
     */
    public static JdbcAdapterBuilder<JdbcSettingsStore> builder(DataSource dataSource) {
        return new JdbcAdapterBuilder<>(dataSource, JdbcSettingsStore::new);
    }

    @Override
    public Optional<SiteSettings> find(String tenant, String siteCode) {
        checkKeys(tenant, siteCode);
        return transactions.read("read the settings of site '" + siteCode + "' of tenant '" + tenant + "'",
                        connection -> Sql.one(connection, transactions.dialect(), select, row -> row.getString(1),
                                tenant, siteCode))
                .map(mixin -> parse(tenant, siteCode, mixin));
    }

    @Override
    public SiteSettings update(String tenant, String siteCode, SettingsPatch patch) {
        checkKeys(tenant, siteCode);
        Checks.required("patch", patch);
        String what = "settings update of site '" + siteCode + "' of tenant '" + tenant + "'";
        try {
            return transactions.inTransaction(what, connection -> updateLocked(connection, tenant, siteCode, patch));
        } catch (DuplicateKeyException e) {
            // another instance created the site's settings first; now there is a row to lock
            return transactions.inTransaction(what, connection -> updateLocked(connection, tenant, siteCode, patch));
        }
    }

    private SiteSettings updateLocked(Connection connection, String tenant, String siteCode, SettingsPatch patch)
            throws SQLException {
        Optional<String> stored = Sql.one(connection, transactions.dialect(), selectForUpdate, row -> row.getString(1),
                tenant, siteCode);
        SiteSettings current = stored.map(mixin -> parse(tenant, siteCode, mixin)).orElse(null);
        SiteSettings updated = patch.applyTo(current);
        if (current == null) {
            execute(connection, insert, tenant, siteCode, SettingsMixinWriter.write(updated));
        } else if (!updated.equals(current)) {
            execute(connection, update, SettingsMixinWriter.write(updated), tenant, siteCode);
        }
        return updated;
    }

    private void execute(Connection connection, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            Sql.bindAll(statement, 1, params, transactions.dialect());
            statement.executeUpdate();
        }
    }

    private SiteSettings parse(String tenant, String siteCode, String mixin) {
        try {
            return SettingsMixinReader.read(mixin).applyTo(null);
        } catch (InvalidInputException e) {
            throw new StorageException("The settings stored for site '" + siteCode + "' of tenant '" + tenant
                    + "' in table " + table + " are not usable: " + e.getMessage()
                    + ". Correct the row's mixin document, or delete the row and create the settings again.", e);
        }
    }

    private static void checkKeys(String tenant, String siteCode) {
        Checks.id("tenant", tenant);
        Checks.id("siteCode", siteCode);
    }

    @Override
    public String toString() {
        return "JdbcSettingsStore[" + transactions.dialect().name() + ", table " + table + "]";
    }
}
