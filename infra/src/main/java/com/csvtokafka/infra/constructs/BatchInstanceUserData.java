package com.csvtokafka.infra.constructs;

import software.amazon.awscdk.services.ec2.MultipartBody;
import software.amazon.awscdk.services.ec2.MultipartUserData;
import software.amazon.awscdk.services.ec2.UserData;

/**
 * User data for the Batch compute environment's instances: a 120 s container stop timeout, Spot instance draining
 * and the Spot notice watcher ({@code batch-instance.sh} installs {@code batch-spot-notice.sh} as a service). Batch
 * merges it with its own, which is why it must be MIME multi-part.
 */
public final class BatchInstanceUserData {

    private BatchInstanceUserData() {
    }

    public static UserData create() {
        UserData script = UserData.forLinux();
        script.addCommands(Scripts.read("batch-instance.sh")
                .replace("@SPOT_NOTICE_WATCHER@\n", Scripts.read("batch-spot-notice.sh")));
        MultipartUserData multipart = new MultipartUserData();
        multipart.addUserDataPart(script, MultipartBody.SHELL_SCRIPT, true);
        return multipart;
    }
}
