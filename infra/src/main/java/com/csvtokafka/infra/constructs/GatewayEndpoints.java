package com.csvtokafka.infra.constructs;

import java.util.List;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.ec2.CfnVPCEndpoint;
import software.constructs.Construct;

/**
 * S3 and DynamoDB gateway endpoints in an existing VPC: the jobs' reads of the source and their checkpoint writes
 * stay on the AWS network instead of passing a NAT gateway (billed per GB). Gateway endpoints are free. They are
 * made once per deployment (in CheckpointStack, which every compute stack shares), since a route table takes one
 * endpoint per service. The endpoint policy is left at full access: the image layers the jobs pull from ECR come from
 * S3 buckets of AWS's, and the roles already limit what the jobs may reach.
 */
public final class GatewayEndpoints extends Construct {

    static final List<String> SERVICES = List.of("s3", "dynamodb");

    public GatewayEndpoints(Construct scope, String id, String vpcId, List<String> routeTableIds) {
        super(scope, id);
        for (String service : SERVICES) {
            CfnVPCEndpoint.Builder.create(this, service)
                    .vpcId(vpcId)
                    .vpcEndpointType("Gateway")
                    .serviceName("com.amazonaws." + Aws.REGION + "." + service)
                    .routeTableIds(routeTableIds)
                    .build();
        }
    }
}
