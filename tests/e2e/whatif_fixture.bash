# A saturated workload for the what-if e2e tests (sourced): one queue of
# c6i.4xlarge nodes (16 vCPUs, MaxCount 4) and 32 whole-node jobs of 30
# minutes submitted within a minute, so MaxCount bounds the makespan.
cat > "$TMP/c.yaml" <<'YAML'
Region: us-east-1
Image:
  Os: alinux2023
HeadNode:
  InstanceType: c6i.large
  Networking:
    SubnetId: subnet-0123456789abcdef0
Scheduling:
  Scheduler: slurm
  SlurmQueues:
    - Name: work
      Networking:
        SubnetIds:
          - subnet-0123456789abcdef0
      ComputeResources:
        - Name: cr
          InstanceType: c6i.4xlarge
          MinCount: 0
          MaxCount: 4
YAML
{
	echo "job_id,submit,runtime,time_limit,cpus"
	for i in $(seq 1 32); do echo "$i,$i,1800,3600,16"; done
} > "$TMP/t.csv"
CR='Scheduling.SlurmQueues[0].ComputeResources[0]'
