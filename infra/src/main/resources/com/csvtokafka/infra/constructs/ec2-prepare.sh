# csv-to-kafka: one job on one EC2 instance. Whatever happens below, the instance shuts down at the end, and the
# launch template's shutdown behaviour (terminate) ends its billing.
set -euo pipefail
exec >> /var/log/csv-to-kafka-boot.log 2>&1

finish() {
  local status=$?
  echo "csv-to-kafka: user data finished with status ${status}; shutting down, the instance terminates"
  # The CloudWatch agent ships every few seconds: give it the last lines before the instance goes.
  sleep 20
  shutdown -h now
}
trap finish EXIT

dnf install -y -q java-17-amazon-corretto-headless amazon-cloudwatch-agent
id csvtokafka >/dev/null 2>&1 || useradd --system --home-dir /opt/csv-to-kafka --shell /sbin/nologin csvtokafka
install -d -m 755 /opt/csv-to-kafka /etc/csv-to-kafka
install -d -m 755 -o csvtokafka -g csvtokafka /var/log/csv-to-kafka
