# csv-to-kafka: start the CloudWatch agent, run the job, watch for the Spot interruption notice.
imds='http://169.254.169.254/latest'
imds_get() {
  local token
  token=$(curl -sf -X PUT "$imds/api/token" -H 'X-aws-ec2-metadata-token-ttl-seconds: 60') &&
    curl -sf -H "X-aws-ec2-metadata-token: $token" "$imds/$1"
}

/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s \
  -c file:/etc/csv-to-kafka/cloudwatch-agent.json

set -a
. /etc/csv-to-kafka/job.env
set +a
# The job's own source (or manifest), topic and id come from the instance's tags (the fleet's --tag-specifications).
for name in SOURCE_URI MANIFEST_URI KAFKA_TOPIC JOB_ID; do
  if value=$(imds_get "meta-data/tags/instance/${name}"); then
    export "${name}=${value}"
  fi
done
if [ -n "${KAFKA_SASL_SECRET_ARN:-}" ]; then
  secret=$(aws secretsmanager get-secret-value --secret-id "$KAFKA_SASL_SECRET_ARN" --query SecretString --output text)
  KAFKA_SASL_USERNAME=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["username"])' <<<"$secret")
  KAFKA_SASL_PASSWORD=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["password"])' <<<"$secret")
  export KAFKA_SASL_USERNAME KAFKA_SASL_PASSWORD
  unset secret
fi
export HOME=/opt/csv-to-kafka
echo "csv-to-kafka: job ${JOB_ID:-?} from ${SOURCE_URI:-?} to ${KAFKA_TOPIC:-?}"

# setpriv execs java directly, so $! is the JVM and the SIGTERM below reaches it.
setpriv --reuid=csvtokafka --regid=csvtokafka --init-groups \
  java -XX:MaxRAMPercentage=50 -XX:+UseParallelGC -XX:+CrashOnOutOfMemoryError -XX:-CreateCoredumpOnCrash \
  -XX:ErrorFile=/var/log/csv-to-kafka/hs_err_pid%p.log -jar /opt/csv-to-kafka/csv-to-kafka.jar run \
  >> /var/log/csv-to-kafka/processor.log 2>&1 &
pid=$!

# Spot gives two minutes' notice; polling every 5 s leaves the processor its full 120 s to commit and exit 3.
while kill -0 "$pid" 2>/dev/null; do
  if imds_get meta-data/spot/instance-action >/dev/null; then
    echo "csv-to-kafka: Spot interruption notice, sending SIGTERM to the processor"
    kill -TERM "$pid"
    break
  fi
  sleep 5
done
set +e
wait "$pid"
status=$?
set -e
echo "csv-to-kafka: processor exited with ${status} (0 complete, 1 failed, 2 configuration, 3 interrupted: run again to resume)"
