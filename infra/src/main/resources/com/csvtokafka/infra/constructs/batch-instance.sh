# csv-to-kafka: Batch compute environment instance set-up (runs once at boot, before the ECS agent takes jobs).

# Give task containers the same 120 s as Fargate between SIGTERM and SIGKILL when a job is stopped.
echo "ECS_CONTAINER_STOP_TIMEOUT=120s" >> /etc/ecs/ecs.config

# ECS does not stop standalone tasks (Batch jobs) on a Spot interruption notice: the instance would just vanish
# two minutes later. This watcher sends SIGTERM to the task containers as soon as the notice appears, so the
# processor commits, checkpoints and exits 3, which the job definition's retry strategy retries elsewhere.
cat > /usr/local/bin/csv-to-kafka-spot-notice <<'WATCHER'
#!/bin/bash
imds='http://169.254.169.254/latest'
while true; do
  if token=$(curl -sf -X PUT "$imds/api/token" -H 'X-aws-ec2-metadata-token-ttl-seconds: 60') &&
     curl -sf -o /dev/null -H "X-aws-ec2-metadata-token: $token" "$imds/meta-data/spot/instance-action"; then
    logger -t csv-to-kafka "Spot interruption notice: SIGTERM to ECS task containers"
    docker ps -q --filter label=com.amazonaws.ecs.task-arn | xargs -r docker kill --signal TERM
    exit 0
  fi
  sleep 5
done
WATCHER
chmod 755 /usr/local/bin/csv-to-kafka-spot-notice

cat > /etc/systemd/system/csv-to-kafka-spot-notice.service <<'UNIT'
[Unit]
Description=csv-to-kafka: SIGTERM ECS task containers on a Spot interruption notice
After=docker.service

[Service]
ExecStart=/usr/local/bin/csv-to-kafka-spot-notice
Restart=on-failure

[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload
systemctl enable --now --no-block csv-to-kafka-spot-notice.service
