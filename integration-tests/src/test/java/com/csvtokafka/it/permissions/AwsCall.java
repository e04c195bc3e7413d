package com.csvtokafka.it.permissions;

import java.util.Map;

/**
 * One call a job makes, as IAM sees it: the action, the resource ARN and the values of condition keys it carries.
 *
 * @param origin where it was seen: the run and what recorded it (the processor's AWS_CALL_LOG, the broker's
 *               authorizer) or, for calls the platform makes on the job's behalf, the template that implies them
 */
record AwsCall(String action, String resource, Map<String, String> conditions, String origin) {

    @Override
    public String toString() {
        return action + " on " + resource + (conditions.isEmpty() ? "" : " " + conditions) + " (" + origin + ")";
    }
}
