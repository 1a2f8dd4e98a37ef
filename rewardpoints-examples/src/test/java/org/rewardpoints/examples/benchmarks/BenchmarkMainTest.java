package org.rewardpoints.examples.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/** How {@link BenchmarkMain} hands a group's parameters to JMH. */
class BenchmarkMainTest {
    @Test
    void benchDatabase_replacesTheGroupsDatabase_insteadOfRunningEveryBenchmarkTwice() {
        Map<String, String[]> group = Map.of("database", new String[] {"postgresql"}, "lots", new String[] {"100"});

        var chosen = BenchmarkMain.withParams(new OptionsBuilder(), group, "postgresql").build();
        assertThat(chosen.getParameter("database").get()).containsExactly("postgresql");
        assertThat(chosen.getParameter("lots").get()).containsExactly("100");

        var other = BenchmarkMain.withParams(new OptionsBuilder(), group, "mariadb").build();
        assertThat(other.getParameter("database").get()).containsExactly("mariadb");

        var groupsOwn = BenchmarkMain.withParams(new OptionsBuilder(), group, "").build();
        assertThat(groupsOwn.getParameter("database").get()).containsExactly("postgresql");
    }
}
