package dev.dbops.examples;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SDK's siblings (the test kit, plan and apply, these examples and their tests) use the SDK as
 * its users do: through dev.dbops.sdk and dev.dbops.sdk.model, never its internal packages, which
 * its module does not export and a class-path user could still reach.
 */
class OnlyTheApiTest {

    @Test
    void noSiblingReachesIntoTheSdksInternals() {
        JavaClasses siblings = new ClassFileImporter()
                .importPackages("dev.dbops.sdk.testkit", "dev.dbops.sdk.plan", "dev.dbops.examples");
        assertThat(siblings.stream().map(c -> c.getPackageName()).distinct())
                .as("the rule sees every sibling").contains("dev.dbops.sdk.testkit", "dev.dbops.sdk.plan", "dev.dbops.examples");

        noClasses().should().dependOnClassesThat().resideInAPackage("dev.dbops.sdk.internal..")
                .check(siblings);
    }
}
