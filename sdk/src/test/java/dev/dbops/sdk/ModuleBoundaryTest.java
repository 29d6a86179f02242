package dev.dbops.sdk;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.members;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SDK's public surface and its layering, as executable rules: only the API packages are
 * exported, nothing public exposes an internal type, and a request travels one way (fluent API →
 * exchange → codecs → models) with no layer reaching back into the one above.
 */
class ModuleBoundaryTest {

    static final String API = "dev.dbops.sdk";
    static final String MODEL = "dev.dbops.sdk.model";
    static final String CODEC = "dev.dbops.sdk.internal.codec";
    static final String EXCHANGE = "dev.dbops.sdk.internal.exchange";

    static final JavaClasses SDK = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(API);

    /** The API types the exchange may use: values, exceptions and extension points, never the fluent layer. */
    static final Set<String> EXCHANGE_MAY_USE = Set.of("DbOpsException", "DbOpsValidationException",
            "DbOpsApiException", "BadRequestException", "UnauthorizedException", "ForbiddenException",
            "NotFoundException", "ConflictException", "RateLimitedException", "ServerErrorException",
            "DbOpsConnectionException", "DbOpsTimeoutException", "MalformedResponseException", "DbOpsResponse",
            "Operation", "RetryPolicy", "RetryCondition", "RetryContext", "Sleeper", "DbOpsInterceptor", "CallContext");

    @Test
    void theModuleExportsOnlyTheApiPackages() {
        ModuleDescriptor module = ModuleFinder.of(Path.of("target/classes")).find("dev.dbops.sdk").orElseThrow().descriptor();

        assertThat(module.exports()).allSatisfy(e -> assertThat(e.isQualified()).as(e.toString()).isFalse());
        assertThat(module.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(API, MODEL);
        assertThat(module.packages()).contains(CODEC, EXCHANGE);
    }

    @Test
    void noPublicMemberOfTheApiExposesAnInternalType() {
        ArchRule rule = members().that().areDeclaredInClassesThat().resideInAnyPackage(API, MODEL)
                .and().areDeclaredInClassesThat().arePublic()
                .and(new DescribedPredicate<JavaMember>("are public or protected") {
                    @Override
                    public boolean test(JavaMember member) {
                        Set<JavaModifier> modifiers = member.getModifiers();
                        return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
                    }
                })
                .should(new ArchCondition<JavaMember>("not mention a type of dev.dbops.sdk.internal") {
                    @Override
                    public void check(JavaMember member, ConditionEvents events) {
                        java.util.List<JavaClass> exposed = new java.util.ArrayList<>();
                        if (member instanceof com.tngtech.archunit.core.domain.JavaField field) {
                            exposed.add(field.getRawType());
                        } else if (member instanceof com.tngtech.archunit.core.domain.JavaCodeUnit code) {
                            exposed.add(code.getRawReturnType());
                            exposed.addAll(code.getRawParameterTypes());
                            code.getThrowsClause().forEach(t -> exposed.add(t.getRawType()));
                        }
                        exposed.stream().filter(type -> type.getPackageName().startsWith("dev.dbops.sdk.internal"))
                                .forEach(type -> events.add(SimpleConditionEvent.violated(member,
                                        member.getFullName() + " exposes " + type.getName())));
                    }
                });
        rule.check(SDK);
    }

    @Test
    void theModelsDependOnNothingOfTheSdk() {
        noClasses().that().resideInAPackage(MODEL)
                .should().dependOnClassesThat().resideInAnyPackage(API, CODEC, EXCHANGE)
                .check(SDK);
    }

    @Test
    void theCodecsOnlyEncodeAndDecodeModels() {
        noClasses().that().resideInAPackage(CODEC)
                .should().dependOnClassesThat().resideInAnyPackage(API, EXCHANGE)
                .check(SDK);
    }

    @Test
    void theExchangeNeverCallsBackIntoTheFluentLayer() {
        noClasses().that().resideInAPackage(EXCHANGE)
                .should().dependOnClassesThat(new DescribedPredicate<JavaClass>("are fluent-layer classes of " + API) {
                    @Override
                    public boolean test(JavaClass target) {
                        return target.getPackageName().equals(API)
                                && !EXCHANGE_MAY_USE.contains(target.getSimpleName().replaceAll("\\$.*", ""));
                    }
                })
                .check(SDK);
    }

    @Test
    void onlyTheFluentLayerAndTheExchangeUseTheCodecs() {
        classes().that().resideInAPackage(CODEC)
                .should().onlyBeAccessed().byClassesThat().resideInAnyPackage(API, CODEC, EXCHANGE)
                .check(SDK);
    }
}
