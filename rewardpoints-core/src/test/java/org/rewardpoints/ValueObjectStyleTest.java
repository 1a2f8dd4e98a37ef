package org.rewardpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Currency;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One style for the values a caller builds: static factories taking the required fields
 * ({@code of(...)}, or one factory per variant, named for it) and a {@code with...} method for each
 * optional field. A type with variants has one factory per variant, named for it, instead of
 * {@code of} ({@link CouponTemplate#percent}, {@link OrderReturn#full}). The values checked are found by reflection: every record of this package that a
 * public method of {@link RewardPoints} or {@link SecuredRewardPoints} takes, and the records those
 * records and their factories take in turn.
 */
class ValueObjectStyleTest {
    private static final Currency EUR = Currency.getInstance("EUR");

    /** One value of each type with every optional field given. */
    private static final Map<Class<?>, Record> FULL = Map.of(
            OrderCompletion.class, new OrderCompletion("t", "main", "c", "o", BigDecimal.TEN, EUR),
            OrderReturn.class, new OrderReturn("t", "o", "r", BigDecimal.ONE, EUR),
            AddPoints.class, new AddPoints("t", "main", "c", "id", "ref", "text", 5, Instant.parse("2030-01-01T00:00:00Z")),
            RedeemPoints.class, new RedeemPoints("t", "c", "id", "text", 5),
            CouponRedemption.class, new CouponRedemption("t", "main", "c", "option", "request"),
            RedemptionOptionDraft.class, new RedemptionOptionDraft("name", "text", 5, CouponTemplate.percent("5 %", "5")),
            CouponTemplate.class, new CouponTemplate("name", "text", DiscountType.PERCENT, BigDecimal.ONE, null, null,
                    true, 3),
            SettingsPatch.class, new SettingsPatch(true, BigDecimal.ONE, 12, "P", EUR, ZoneId.of("Europe/Berlin"), 14, EUR),
            SiteSettings.class, new SiteSettings(true, BigDecimal.ONE, 12, "P", EUR, ZoneId.of("Europe/Berlin"), 14));

    static Stream<Class<?>> inputValues() {
        Set<Class<?>> found = new LinkedHashSet<>();
        Deque<Class<?>> next = new ArrayDeque<>();
        for (Class<?> facade : List.of(RewardPoints.class, SecuredRewardPoints.class)) {
            for (Method method : facade.getMethods()) {
                next.addAll(Arrays.asList(method.getParameterTypes()));
            }
        }
        while (!next.isEmpty()) {
            Class<?> type = next.pop();
            if (type.isRecord() && type.getPackage() == RewardPoints.class.getPackage() && found.add(type)) {
                Arrays.stream(type.getRecordComponents()).map(RecordComponent::getType).forEach(next::add);
                factories(type).forEach(factory -> next.addAll(Arrays.asList(factory.getParameterTypes())));
            }
        }
        return found.stream();
    }

    @ParameterizedTest
    @MethodSource("inputValues")
    void inputValue_hasFactoriesForTheRequiredFieldsAndWithersForTheOptionalOnes(Class<?> type) throws Exception {
        assertThat(FULL).as("a value of %s with every optional field given, for this test", type).containsKey(type);
        List<Method> factories = factories(type);
        assertThat(factories).as("static factories of %s", type).isNotEmpty();
        if (factories.size() == 1) {
            assertThat(factories.get(0).getName()).as("the only factory of %s", type).isEqualTo("of");
        }

        List<Method> withers = Arrays.stream(type.getMethods())
                .filter(m -> m.getName().startsWith("with") && !Modifier.isStatic(m.getModifiers())).toList();
        Map<String, RecordComponent> components = new java.util.HashMap<>();
        for (RecordComponent component : type.getRecordComponents()) {
            components.put(component.getName(), component);
        }
        for (Method wither : withers) {
            String field = Character.toLowerCase(wither.getName().charAt(4)) + wither.getName().substring(5);
            assertThat(components).as("%s names a field of %s", wither, type).containsKey(field);
            assertThat(wither.getReturnType()).as("%s returns its type", wither).isEqualTo(type);
            assertThat(wither.getParameterTypes()).as("%s takes the field's type", wither)
                    .containsExactly(components.get(field).getType());
        }

        Set<String> withersByField = new LinkedHashSet<>();
        withers.forEach(w -> withersByField.add(Character.toLowerCase(w.getName().charAt(4)) + w.getName().substring(5)));
        Record full = FULL.get(type);
        boolean variants = factories.stream().noneMatch(f -> f.getName().equals("of"));
        for (RecordComponent component : type.getRecordComponents()) {
            // a type with variants (OrderReturn.full/partial) leaves out fields by choosing its factory
            if (!variants && !component.getType().isPrimitive() && component.getAccessor().invoke(full) != null
                    && acceptsNull(type, full, component)) {
                assertThat(withersByField).as("%s.%s is optional, so it has a with... method, not a factory parameter",
                        type.getSimpleName(), component.getName()).contains(component.getName());
            }
        }

        for (Method factory : factories) {
            boolean conversion = factory.getParameterCount() == 1 && factory.getParameterTypes()[0].isRecord();
            if (factory.getName().equals("of") && !conversion) {
                assertThat(factory.getParameterCount() + withers.size())
                        .as("%s: every field is either a parameter of of(...) or has a with... method", type)
                        .isEqualTo(type.getRecordComponents().length);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("inputValues")
    void withers_keepEveryOtherField(Class<?> type) throws Exception {
        Record full = FULL.get(type);
        for (Method wither : type.getMethods()) {
            if (wither.getName().startsWith("with") && !Modifier.isStatic(wither.getModifiers())) {
                String field = Character.toLowerCase(wither.getName().charAt(4)) + wither.getName().substring(5);
                Object value = type.getMethod(field).invoke(full);
                assertThat(wither.invoke(full, value)).as("%s given the value it has", wither).isEqualTo(full);
            }
        }
    }

    private static boolean acceptsNull(Class<?> type, Record full, RecordComponent nulled) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                values[i] = components[i].getName().equals(nulled.getName()) ? null : components[i].getAccessor().invoke(full);
            }
            type.getDeclaredConstructor(types).newInstance(values);
            return true;
        } catch (java.lang.reflect.InvocationTargetException e) {
            assertThatCode(() -> {
                throw e.getCause();
            }).isInstanceOf(InvalidInputException.class);
            return false;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Method> factories(Class<?> type) {
        return Arrays.stream(type.getMethods())
                .filter(m -> Modifier.isStatic(m.getModifiers()) && m.getReturnType() == type)
                .toList();
    }
}
