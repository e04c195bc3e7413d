package com.csvtokafka.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * Every log group of every stack (the jobs', the sandbox's flow logs, the bootstrap-broker lookup's Lambda logs) is
 * kept logRetentionDays and deleted with its stack: no group left at CDK's two-year default or retained forever.
 */
class LogRetentionTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"sandbox, 7", "production-iam, 30", "production-scram, 7"})
    void everyLogGroupHasTheConfiguredRetentionAndGoesWithItsStack(String context, int days) {
        InfraApp.Stacks stacks = context.equals("sandbox") ? TestApps.defaults()
                : TestApps.build(TestApps.context(context));
        int groups = 0;
        for (Stack stack : stacks.all()) {
            Map<String, Map<String, Object>> found = Template.fromStack(stack).findResources("AWS::Logs::LogGroup");
            for (Map.Entry<String, Map<String, Object>> group : found.entrySet()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> properties = (Map<String, Object>) group.getValue().get("Properties");
                assertThat(properties.get("RetentionInDays")).as(stack.getStackName() + "/" + group.getKey())
                        .isEqualTo(days);
                assertThat(group.getValue().get("DeletionPolicy")).as(stack.getStackName() + "/" + group.getKey())
                        .isEqualTo("Delete");
                groups++;
            }
        }
        assertThat(groups).as("log groups checked").isGreaterThanOrEqualTo(2);
    }
}
