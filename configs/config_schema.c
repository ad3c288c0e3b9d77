/*
 * The v3 schema table and its checker; see config_schema.h.  The table
 * follows ParallelCluster 3.12's cluster_schema.py and common_schema.py
 * (aws/aws-parallelcluster 451cc53, 2024-10-24; summarised in
 * ../shared/reference/pcluster-configs/FACTS.md) and the v3 user guide's
 * section skeletons.  Only what marshmallow checks is here; the validators
 * pcluster runs after the schema live in validate.c, and the schema-level
 * rules that need typed values (InstanceType or Instances, FileSystemId
 * alone, ...) in config.c.
 */
#include "configs/config_schema.h"

#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "configs/yaml_tree.h"
#include "sim/diag.h"

/* ---- value sets and patterns --------------------------------------------- */

static const char *const oses[] = { "alinux2", "alinux2023", "ubuntu2004",
	"ubuntu2204", "rhel8", "rocky8", "rhel9", "rocky9", NULL };
static const char *const volume_types[] = { "standard", "io1", "io2", "gp2",
	"st1", "sc1", "gp3", NULL };
static const char *const capacity_types[] = { "ONDEMAND", "SPOT",
	"CAPACITY_BLOCK", NULL };
static const char *const batch_capacity_types[] = { "ONDEMAND", "SPOT",
	NULL };
static const char *const allocation_strategies[] = { "lowest-price",
	"capacity-optimized", "price-capacity-optimized", NULL };
static const char *const queue_update_strategies[] = { "COMPUTE_FLEET_STOP",
	"DRAIN", "TERMINATE", NULL };
static const char *const scaling_strategies[] = { "all-or-nothing",
	"greedy-all-or-nothing", "best-effort", NULL };
static const char *const deletion_policies[] = { "Delete", "Retain", NULL };
static const char *const deletion_policies_snap[] = { "Delete", "Retain",
	"Snapshot", NULL };
static const char *const storage_types[] = { "Ebs", "FsxLustre", "FsxOpenZfs",
	"FsxOntap", "Efs", "FileCache", NULL };
static const char *const fsx_deployments[] = { "SCRATCH_1", "SCRATCH_2",
	"PERSISTENT_1", "PERSISTENT_2", NULL };
static const char *const auto_import_policies[] = { "NEW", "NEW_CHANGED",
	"NEW_CHANGED_DELETED", NULL };
static const char *const dra_policies[] = { "NEW", "CHANGED", "DELETED",
	NULL };
static const char *const efs_perf_modes[] = { "generalPurpose", "maxIO",
	NULL };
static const char *const efs_tp_modes[] = { "provisioned", "bursting", NULL };
static const char *const raid_types[] = { "0", "1", NULL };
static const char *const retention_days[] = { "1", "3", "5", "7", "14", "30",
	"60", "90", "120", "150", "180", "365", "400", "545", "731", "1827",
	"2192", "2557", "2922", "3288", "3653", NULL };
static const char *const ldap_req_cert[] = { "never", "allow", "try",
	"demand", "hard", NULL };
static const char *const imds_versions[] = { "v1.0", "v2.0", NULL };
static const char *const head_shared_types[] = { "Ebs", "Efs", NULL };
static const char *const user_home[] = { "Shared", "Local", NULL };
static const char *const lz4[] = { "LZ4", NULL };
static const char *const read_only[] = { "READ", NULL };
static const char *const ssd_hdd[] = { "HDD", "SSD", NULL };

#define RE_SUBNET "^subnet-([0-9a-z]{8}|[0-9a-z]{17})$"
#define RE_SG "^sg-([0-9a-z]{8}|[0-9a-z]{17})$"
#define RE_AMI "^ami-([0-9a-z]{8}|[0-9a-z]{17})$"
#define RE_PATH "^/?[^/.\\][^/\\]*(/[^/.\\][^/]*)*$"
#define RE_ROLE "^arn:.*:role/"
#define RE_PROFILE "^arn:.*:instance-profile/"
#define RE_POLICY "^arn:.*:policy/"
#define RE_SECRET "^arn:.*:secret"
#define RE_CIDR "^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}" \
	"(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])/([0-9]|[12][0-9]|3[0-2])$"
#define RE_PREFIX_LIST "^pl-[0-9a-z]{8,17}$"

/* ---- field shorthands ---------------------------------------------------- */

#define STR(k) { .key = k, .type = FT_STR }
#define REQ_STR(k) { .key = k, .type = FT_STR, .flags = F_REQUIRED }
#define PAT(k, re) { .key = k, .type = FT_STR, .pattern = re }
#define ONE_OF(k, set) { .key = k, .type = FT_STR, .choices = set }
#define INT(k) { .key = k, .type = FT_INT }
#define INT_MIN(k, lo) { .key = k, .type = FT_INT, .flags = F_MIN, .min = lo }
#define INT_RANGE(k, lo, hi) \
	{ .key = k, .type = FT_INT, .flags = F_MIN | F_MAX, .min = lo, .max = hi }
#define BOOL(k) { .key = k, .type = FT_BOOL }
#define MAP(k, s) { .key = k, .type = FT_MAP, .sub = &s }
#define REQ_MAP(k, s) { .key = k, .type = FT_MAP, .sub = &s, .flags = F_REQUIRED }
#define LIST_OF(k, s) { .key = k, .type = FT_LIST, .item = FT_MAP, .sub = &s }
#define STR_LIST(k) { .key = k, .type = FT_LIST, .item = FT_STR }
#define PAT_LIST(k, re) \
	{ .key = k, .type = FT_LIST, .item = FT_STR, .pattern = re }
#define DICT(k) { .key = k, .type = FT_DICT }
#define ACTION(k) { .key = k, .type = FT_ACTION }
#define END { .key = NULL }

#define SCHEMA(id, fl) static const struct schema id = { #id, fl, NULL }
#define SCHEMA_R(id, fl, rl) static const struct schema id = { #id, fl, rl }

/* ---- common sections ----------------------------------------------------- */

static const struct field tag_f[] = {
	{ .key = "Key", .type = FT_STR, .flags = F_REQUIRED, .max_items = 128 },
	{ .key = "Value", .type = FT_STR, .flags = F_REQUIRED, .max_items = 256 },
	END };
SCHEMA(tag_s, tag_f);

static const struct field proxy_f[] = { STR("HttpProxyAddress"), END };
SCHEMA(proxy_s, proxy_f);

static const struct field iam_policy_f[] = {
	{ .key = "Policy", .type = FT_STR, .flags = F_REQUIRED,
	  .pattern = RE_POLICY }, END };
SCHEMA(iam_policy_s, iam_policy_f);

static const struct field s3_access_f[] = {
	{ .key = "BucketName", .type = FT_STR, .flags = F_REQUIRED,
	  .pattern = "^[*a-z0-9.-]+$" },
	STR("KeyName"), BOOL("EnableWriteAccess"), END };
SCHEMA(s3_access_s, s3_access_f);

static const struct rule iam_rules[] = {
	{ RULE_AT_MOST_ONE, { "InstanceRole", "InstanceProfile",
			      "AdditionalIamPolicies", NULL },
	  "InstanceProfile, InstanceRole or AdditionalIamPolicies can not be "
	  "configured together." },
	{ RULE_AT_MOST_ONE, { "InstanceRole", "S3Access", NULL },
	  "S3Access can not be configured when InstanceRole is set." },
	{ RULE_AT_MOST_ONE, { "InstanceProfile", "S3Access", NULL },
	  "S3Access can not be configured when InstanceProfile is set." },
	{ 0, { NULL }, NULL } };
static const struct field node_iam_f[] = {
	PAT("InstanceRole", RE_ROLE), PAT("InstanceProfile", RE_PROFILE),
	LIST_OF("AdditionalIamPolicies", iam_policy_s),
	LIST_OF("S3Access", s3_access_s), END };
SCHEMA_R(node_iam_s, node_iam_f, iam_rules);
static const struct field login_iam_f[] = {
	PAT("InstanceRole", RE_ROLE), PAT("InstanceProfile", RE_PROFILE),
	LIST_OF("AdditionalIamPolicies", iam_policy_s), END };
SCHEMA_R(login_iam_s, login_iam_f, iam_rules);

static const struct field image_custom_f[] = { PAT("CustomAmi", RE_AMI), END };
SCHEMA(image_custom_s, image_custom_f);

static const struct field gpu_check_f[] = { BOOL("Enabled"), END };
SCHEMA(gpu_check_s, gpu_check_f);
static const struct field health_f[] = { MAP("Gpu", gpu_check_s), END };
SCHEMA(health_s, health_f);

static const struct field crt_f[] = {
	STR("CapacityReservationId"),
	STR("CapacityReservationResourceGroupArn"), END };
static const struct rule crt_rules[] = {
	{ RULE_EXACTLY_ONE, { "CapacityReservationId",
			      "CapacityReservationResourceGroupArn", NULL },
	  "A Capacity Reservation Target needs to specify either Capacity "
	  "Reservation ID or Capacity Reservation Resource Group ARN." },
	{ 0, { NULL }, NULL } };
SCHEMA_R(crt_s, crt_f, crt_rules);

static const struct field pg_f[] = { BOOL("Enabled"), STR("Id"), STR("Name"),
	END };
SCHEMA(pg_s, pg_f);

static const struct field dcv_f[] = {
	BOOL("Enabled"), INT("Port"),
	{ .key = "AllowedIps", .type = FT_STR, .flags = F_CIDR_OR_PL }, END };
SCHEMA(dcv_s, dcv_f);

static const struct field ephemeral_f[] = { PAT("MountDir", RE_PATH), END };
SCHEMA(ephemeral_s, ephemeral_f);

static const struct rule sg_rules[] = {
	{ RULE_AT_MOST_ONE, { "SecurityGroups", "AdditionalSecurityGroups",
			      NULL },
	  "SecurityGroups and AdditionalSecurityGroups can not be configured "
	  "together." },
	{ 0, { NULL }, NULL } };

/* ---- head node ----------------------------------------------------------- */

static const struct field head_root_f[] = {
	ONE_OF("VolumeType", volume_types), INT("Iops"), INT("Size"),
	INT("Throughput"), BOOL("Encrypted"), BOOL("DeleteOnTermination"), END };
SCHEMA(head_root_s, head_root_f);
static const struct field head_storage_f[] = {
	MAP("RootVolume", head_root_s), MAP("EphemeralVolume", ephemeral_s),
	END };
SCHEMA(head_storage_s, head_storage_f);

static const struct field head_net_f[] = {
	{ .key = "SubnetId", .type = FT_STR, .flags = F_REQUIRED,
	  .pattern = RE_SUBNET },
	{ .key = "ElasticIp", .type = FT_SCALAR },
	PAT_LIST("SecurityGroups", RE_SG),
	PAT_LIST("AdditionalSecurityGroups", RE_SG),
	MAP("Proxy", proxy_s), END };
SCHEMA_R(head_net_s, head_net_f, sg_rules);

static const struct field ssh_f[] = {
	STR("KeyName"),
	{ .key = "AllowedIps", .type = FT_STR, .flags = F_CIDR_OR_PL }, END };
SCHEMA(ssh_s, ssh_f);

static const struct field head_actions_f[] = {
	ACTION("OnNodeStart"), ACTION("OnNodeConfigured"),
	ACTION("OnNodeUpdated"), END };
SCHEMA(head_actions_s, head_actions_f);

static const struct field head_imds_f[] = { BOOL("Secured"), END };
SCHEMA(head_imds_s, head_imds_f);

static const struct field head_f[] = {
	REQ_STR("InstanceType"), BOOL("DisableSimultaneousMultithreading"),
	REQ_MAP("Networking", head_net_s), MAP("Ssh", ssh_s),
	MAP("LocalStorage", head_storage_s), MAP("Dcv", dcv_s),
	MAP("CustomActions", head_actions_s), MAP("Iam", node_iam_s),
	MAP("Imds", head_imds_s), MAP("Image", image_custom_s),
	ONE_OF("SharedStorageType", head_shared_types), END };
SCHEMA(head_s, head_f);

/* ---- login nodes --------------------------------------------------------- */

static const struct field login_net_f[] = {
	{ .key = "SubnetIds", .type = FT_LIST, .item = FT_STR,
	  .flags = F_REQUIRED, .pattern = RE_SUBNET, .min_items = 1,
	  .max_items = 1 },
	PAT_LIST("SecurityGroups", RE_SG),
	PAT_LIST("AdditionalSecurityGroups", RE_SG),
	MAP("Proxy", proxy_s), END };
SCHEMA_R(login_net_s, login_net_f, sg_rules);

static const struct field login_pool_f[] = {
	REQ_STR("Name"), REQ_STR("InstanceType"),
	MAP("Image", image_custom_s), REQ_MAP("Networking", login_net_s),
	INT_MIN("Count", 0), MAP("Ssh", ssh_s), MAP("Iam", login_iam_s),
	INT_RANGE("GracetimePeriod", 3, 120), MAP("Dcv", dcv_s),
	MAP("CustomActions", head_actions_s), END };
SCHEMA(login_pool_s, login_pool_f);

static const struct field login_f[] = {
	{ .key = "Pools", .type = FT_LIST, .item = FT_MAP, .sub = &login_pool_s,
	  .flags = F_REQUIRED, .min_items = 1, .max_items = 10 }, END };
SCHEMA(login_s, login_f);

/* ---- Slurm queues and compute resources ---------------------------------- */

static const struct field cr_net_f[] = { MAP("PlacementGroup", pg_s), END };
SCHEMA(cr_net_s, cr_net_f);

static const struct field flex_type_f[] = { REQ_STR("InstanceType"), END };
SCHEMA(flex_type_s, flex_type_f);

static const struct field efa_f[] = { BOOL("Enabled"), BOOL("GdrSupport"),
	END };
SCHEMA(efa_s, efa_f);

static const struct field cr_f[] = {
	REQ_STR("Name"), STR("InstanceType"),
	LIST_OF("Instances", flex_type_s),
	INT_MIN("MaxCount", 1), INT_MIN("MinCount", 0),
	{ .key = "SpotPrice", .type = FT_FLOAT, .flags = F_MIN, .min = 0 },
	MAP("Efa", efa_s), BOOL("DisableSimultaneousMultithreading"),
	INT("SchedulableMemory"), MAP("CapacityReservationTarget", crt_s),
	MAP("Networking", cr_net_s), MAP("HealthChecks", health_s),
	DICT("CustomSlurmSettings"), LIST_OF("Tags", tag_s),
	INT_RANGE("StaticNodePriority", 1, 4294967295LL),
	INT_RANGE("DynamicNodePriority", 1, 4294967295LL), END };
SCHEMA(cr_s, cr_f);

static const struct field queue_root_f[] = {
	INT("Size"), BOOL("Encrypted"), ONE_OF("VolumeType", volume_types),
	INT("Iops"), INT("Throughput"), END };
SCHEMA(queue_root_s, queue_root_f);
static const struct field queue_storage_f[] = {
	MAP("RootVolume", queue_root_s), MAP("EphemeralVolume", ephemeral_s),
	END };
SCHEMA(queue_storage_s, queue_storage_f);
static const struct field compute_settings_f[] = {
	MAP("LocalStorage", queue_storage_s), END };
SCHEMA(compute_settings_s, compute_settings_f);

static const struct field queue_actions_f[] = {
	ACTION("OnNodeStart"), ACTION("OnNodeConfigured"), END };
SCHEMA(queue_actions_s, queue_actions_f);

static const struct field slurm_queue_net_f[] = {
	{ .key = "SubnetIds", .type = FT_LIST, .item = FT_STR,
	  .flags = F_REQUIRED, .pattern = RE_SUBNET, .min_items = 1 },
	BOOL("AssignPublicIp"), PAT_LIST("SecurityGroups", RE_SG),
	PAT_LIST("AdditionalSecurityGroups", RE_SG),
	MAP("PlacementGroup", pg_s), MAP("Proxy", proxy_s), END };
SCHEMA_R(slurm_queue_net_s, slurm_queue_net_f, sg_rules);

static const struct field slurm_queue_f[] = {
	REQ_STR("Name"), ONE_OF("CapacityType", capacity_types),
	ONE_OF("AllocationStrategy", allocation_strategies),
	MAP("ComputeSettings", compute_settings_s),
	MAP("CustomActions", queue_actions_s), MAP("Iam", node_iam_s),
	MAP("Image", image_custom_s), MAP("CapacityReservationTarget", crt_s),
	{ .key = "ComputeResources", .type = FT_LIST, .item = FT_MAP,
	  .sub = &cr_s, .flags = F_REQUIRED, .min_items = 1 },
	REQ_MAP("Networking", slurm_queue_net_s), MAP("HealthChecks", health_s),
	DICT("CustomSlurmSettings"), LIST_OF("Tags", tag_s),
	BOOL("JobExclusiveAllocation"), END };
SCHEMA(slurm_queue_s, slurm_queue_f);

/* ---- AWS Batch ----------------------------------------------------------- */

static const struct field batch_cr_f[] = {
	REQ_STR("Name"),
	{ .key = "InstanceTypes", .type = FT_LIST, .item = FT_STR,
	  .flags = F_REQUIRED, .min_items = 1 },
	{ .key = "MaxvCpus", .type = FT_INT, .flags = F_MIN, .min = 1 },
	{ .key = "MinvCpus", .type = FT_INT, .flags = F_MIN, .min = 0 },
	{ .key = "DesiredvCpus", .type = FT_INT, .flags = F_MIN, .min = 0 },
	{ .key = "SpotBidPercentage", .type = FT_INT,
	  .flags = F_MIN | F_MAX | F_MIN_EXCL, .min = 0, .max = 100 }, END };
SCHEMA(batch_cr_s, batch_cr_f);

static const struct field batch_net_f[] = {
	{ .key = "SubnetIds", .type = FT_LIST, .item = FT_STR,
	  .flags = F_REQUIRED, .pattern = RE_SUBNET, .min_items = 1,
	  .max_items = 1 },
	BOOL("AssignPublicIp"), PAT_LIST("SecurityGroups", RE_SG),
	PAT_LIST("AdditionalSecurityGroups", RE_SG), END };
SCHEMA_R(batch_net_s, batch_net_f, sg_rules);

static const struct field batch_queue_f[] = {
	REQ_STR("Name"), ONE_OF("CapacityType", batch_capacity_types),
	{ .key = "ComputeResources", .type = FT_LIST, .item = FT_MAP,
	  .sub = &batch_cr_s, .flags = F_REQUIRED, .min_items = 1,
	  .max_items = 1 },
	REQ_MAP("Networking", batch_net_s), END };
SCHEMA(batch_queue_s, batch_queue_f);

static const struct field empty_f[] = { END };
SCHEMA(empty_s, empty_f);

/* ---- scheduling ---------------------------------------------------------- */

static const struct field dns_f[] = { BOOL("DisableManagedDns"),
	STR("HostedZoneId"), BOOL("UseEc2Hostnames"), END };
SCHEMA(dns_s, dns_f);

static const struct field database_f[] = {
	REQ_STR("Uri"), REQ_STR("UserName"),
	{ .key = "PasswordSecretArn", .type = FT_STR, .flags = F_REQUIRED,
	  .pattern = RE_SECRET },
	{ .key = "DatabaseName", .type = FT_STR, .pattern = "^[0-9a-z_]+$",
	  .min_items = 1, .max_items = 64 }, END };
SCHEMA(database_s, database_f);

static const struct field slurmdbd_f[] = { REQ_STR("Host"),
	INT_RANGE("Port", 1, 65535), END };
SCHEMA(slurmdbd_s, slurmdbd_f);

static const struct rule slurm_settings_rules[] = {
	{ RULE_AT_MOST_ONE, { "CustomSlurmSettings",
			      "CustomSlurmSettingsIncludeFile", NULL },
	  "CustomSlurmSettings and CustomSlurmSettingsIncludeFile cannot be "
	  "used together." },
	{ 0, { NULL }, NULL } };
static const struct field slurm_settings_f[] = {
	INT_MIN("ScaledownIdletime", -1), MAP("Dns", dns_s),
	ONE_OF("QueueUpdateStrategy", queue_update_strategies),
	BOOL("EnableMemoryBasedScheduling"), MAP("Database", database_s),
	MAP("ExternalSlurmdbd", slurmdbd_s),
	{ .key = "CustomSlurmSettings", .type = FT_LIST, .item = FT_DICT },
	STR("CustomSlurmSettingsIncludeFile"), STR("MungeKeySecretArn"), END };
SCHEMA_R(slurm_settings_s, slurm_settings_f, slurm_settings_rules);

static const struct field scheduling_f[] = {
	REQ_STR("Scheduler"), ONE_OF("ScalingStrategy", scaling_strategies),
	MAP("SlurmSettings", slurm_settings_s),
	LIST_OF("SlurmQueues", slurm_queue_s),
	{ .key = "AwsBatchQueues", .type = FT_LIST, .item = FT_MAP,
	  .sub = &batch_queue_s, .min_items = 1, .max_items = 1 },
	MAP("AwsBatchSettings", empty_s), END };
SCHEMA(scheduling_s, scheduling_f);

/* ---- shared storage ------------------------------------------------------ */

static const struct field raid_f[] = {
	{ .key = "Type", .type = FT_INT, .flags = F_REQUIRED,
	  .choices = raid_types },
	INT_RANGE("NumberOfVolumes", 2, 5), END };
SCHEMA(raid_s, raid_f);

static const struct field ebs_f[] = {
	ONE_OF("VolumeType", volume_types), INT("Iops"), INT("Size"),
	STR("KmsKeyId"), INT("Throughput"), BOOL("Encrypted"),
	PAT("SnapshotId", "^snap-([0-9a-z]{8}|[0-9a-z]{17})$"),
	PAT("VolumeId", "^vol-([0-9a-z]{8}|[0-9a-z]{17})$"),
	MAP("Raid", raid_s), ONE_OF("DeletionPolicy", deletion_policies_snap),
	END };
SCHEMA(ebs_s, ebs_f);

static const struct field efs_f[] = {
	BOOL("Encrypted"), STR("KmsKeyId"),
	ONE_OF("PerformanceMode", efs_perf_modes),
	ONE_OF("ThroughputMode", efs_tp_modes),
	INT_RANGE("ProvisionedThroughput", 1, 1024),
	PAT("FileSystemId", "^fs-([0-9a-z]{8}|[0-9a-z]{17})$"),
	ONE_OF("DeletionPolicy", deletion_policies),
	BOOL("EncryptionInTransit"), BOOL("IamAuthorization"),
	PAT("AccessPointId", "^fsap-[0-9a-z]{17}$"), END };
SCHEMA(efs_s, efs_f);

static const struct field dra_f[] = {
	REQ_STR("Name"), BOOL("BatchImportMetaDataOnCreate"),
	REQ_STR("DataRepositoryPath"), REQ_STR("FileSystemPath"),
	INT_RANGE("ImportedFileChunkSize", 1, 512000),
	{ .key = "AutoExportPolicy", .type = FT_LIST, .item = FT_STR,
	  .choices = dra_policies },
	{ .key = "AutoImportPolicy", .type = FT_LIST, .item = FT_STR,
	  .choices = dra_policies }, END };
SCHEMA(dra_s, dra_f);

static const struct field fsx_lustre_f[] = {
	INT("StorageCapacity"), ONE_OF("DeploymentType", fsx_deployments),
	INT_RANGE("ImportedFileChunkSize", 1, 512000),
	STR("ExportPath"), STR("ImportPath"),
	PAT("WeeklyMaintenanceStartTime",
	    "^[1-7]:([01][0-9]|2[0-3]):[0-5][0-9]$"),
	INT_RANGE("AutomaticBackupRetentionDays", 0, 35),
	BOOL("CopyTagsToBackups"),
	PAT("DailyAutomaticBackupStartTime", "^([01][0-9]|2[0-3]):[0-5][0-9]$"),
	INT("PerUnitStorageThroughput"),
	PAT("BackupId", "^backup-[0-9a-f]{8,}$"), STR("KmsKeyId"),
	PAT("FileSystemId", "^fs-[0-9a-z]{17}$"),
	ONE_OF("AutoImportPolicy", auto_import_policies),
	ONE_OF("DriveCacheType", read_only),
	ONE_OF("DataCompressionType", lz4), ONE_OF("StorageType", ssd_hdd),
	ONE_OF("DeletionPolicy", deletion_policies),
	{ .key = "DataRepositoryAssociations", .type = FT_LIST, .item = FT_MAP,
	  .sub = &dra_s, .max_items = 8 }, END };
SCHEMA(fsx_lustre_s, fsx_lustre_f);

static const struct field fsx_volume_f[] = {
	{ .key = "VolumeId", .type = FT_STR, .flags = F_REQUIRED,
	  .pattern = "^fsvol-[0-9a-f]{17}$" }, END };
SCHEMA(fsx_volume_s, fsx_volume_f);
static const struct field file_cache_f[] = {
	{ .key = "FileCacheId", .type = FT_STR, .flags = F_REQUIRED,
	  .pattern = "^fc-[0-9a-f]{8,18}$" }, END };
SCHEMA(file_cache_s, file_cache_f);

static const struct rule storage_rules[] = {
	{ RULE_AT_MOST_ONE, { "EbsSettings", "EfsSettings",
			      "FsxLustreSettings", NULL },
	  "Multiple *Settings sections cannot be specified in the "
	  "SharedStorage items." },
	{ RULE_AT_MOST_ONE, { "FsxOpenZfsSettings", "FsxOntapSettings",
			      "FileCacheSettings", NULL },
	  "Multiple *Settings sections cannot be specified in the "
	  "SharedStorage items." },
	{ 0, { NULL }, NULL } };
static const struct field storage_f[] = {
	{ .key = "MountDir", .type = FT_STR, .flags = F_REQUIRED,
	  .pattern = RE_PATH },
	REQ_STR("Name"),
	{ .key = "StorageType", .type = FT_STR, .flags = F_REQUIRED,
	  .choices = storage_types },
	MAP("EbsSettings", ebs_s), MAP("EfsSettings", efs_s),
	MAP("FsxLustreSettings", fsx_lustre_s),
	MAP("FsxOpenZfsSettings", fsx_volume_s),
	MAP("FsxOntapSettings", fsx_volume_s),
	MAP("FileCacheSettings", file_cache_s), END };
SCHEMA_R(storage_s, storage_f, storage_rules);

/* ---- the rest of the top level ------------------------------------------- */

static const struct field cw_logs_f[] = { BOOL("Enabled"),
	{ .key = "RetentionInDays", .type = FT_INT, .choices = retention_days },
	ONE_OF("DeletionPolicy", deletion_policies), END };
SCHEMA(cw_logs_s, cw_logs_f);
static const struct field enabled_f[] = { BOOL("Enabled"), END };
SCHEMA(enabled_s, enabled_f);
static const struct field logs_f[] = { MAP("CloudWatch", cw_logs_s),
	MAP("Rotation", enabled_s), END };
SCHEMA(logs_s, logs_f);
static const struct field dashboards_f[] = { MAP("CloudWatch", enabled_s),
	END };
SCHEMA(dashboards_s, dashboards_f);
static const struct field monitoring_f[] = { BOOL("DetailedMonitoring"),
	MAP("Logs", logs_s), MAP("Dashboards", dashboards_s),
	MAP("Alarms", enabled_s), END };
SCHEMA(monitoring_s, monitoring_f);

static const struct field intel_f[] = { BOOL("IntelHpcPlatform"), END };
SCHEMA(intel_s, intel_f);
static const struct field packages_f[] = { MAP("IntelSoftware", intel_s),
	END };
SCHEMA(packages_s, packages_f);

static const struct field roles_f[] = { STR("LambdaFunctionsRole"), END };
SCHEMA(roles_s, roles_f);
static const struct field cluster_iam_f[] = { MAP("Roles", roles_s),
	PAT("PermissionsBoundary", RE_POLICY), STR("ResourcePrefix"), END };
SCHEMA(cluster_iam_s, cluster_iam_f);

static const struct field directory_f[] = {
	REQ_STR("DomainName"), REQ_STR("DomainAddr"),
	{ .key = "PasswordSecretArn", .type = FT_STR, .flags = F_REQUIRED,
	  .pattern = "^arn:.*:(secretsmanager:.*:.*:secret:|ssm:.*:.*:parameter/).*$" },
	REQ_STR("DomainReadOnlyUser"), STR("LdapTlsCaCert"),
	ONE_OF("LdapTlsReqCert", ldap_req_cert), STR("LdapAccessFilter"),
	BOOL("GenerateSshKeysForUsers"), DICT("AdditionalSssdConfigs"), END };
SCHEMA(directory_s, directory_f);

static const struct field imds_f[] = { ONE_OF("ImdsSupport", imds_versions),
	END };
SCHEMA(imds_s, imds_f);

static const struct field ami_filters_f[] = { LIST_OF("Tags", tag_s),
	STR("Owner"), END };
SCHEMA(ami_filters_s, ami_filters_f);
static const struct field timeouts_f[] = {
	INT_MIN("HeadNodeBootstrapTimeout", 1),
	INT_MIN("ComputeNodeBootstrapTimeout", 1), END };
SCHEMA(timeouts_s, timeouts_f);
static const struct field cookbook_f[] = { STR("ChefCookbook"),
	STR("ExtraChefAttributes"), END };
SCHEMA(cookbook_s, cookbook_f);
static const struct field dev_f[] = {
	MAP("Cookbook", cookbook_s), STR("NodePackage"),
	STR("AwsBatchCliPackage"), STR("ClusterTemplate"),
	MAP("AmiSearchFilters", ami_filters_s), STR("InstanceTypesData"),
	MAP("Timeouts", timeouts_s), BOOL("ComputeStartupTimeMetricEnabled"),
	END };
SCHEMA(dev_s, dev_f);

static const struct field lambda_vpc_f[] = {
	{ .key = "SecurityGroupIds", .type = FT_LIST, .item = FT_STR,
	  .flags = F_REQUIRED, .pattern = RE_SG, .min_items = 1,
	  .max_items = 5 },
	{ .key = "SubnetIds", .type = FT_LIST, .item = FT_STR,
	  .flags = F_REQUIRED, .pattern = RE_SUBNET, .min_items = 1,
	  .max_items = 16 }, END };
SCHEMA(lambda_vpc_s, lambda_vpc_f);
static const struct field deployment_f[] = {
	MAP("LambdaFunctionsVpcConfig", lambda_vpc_s),
	BOOL("DisableSudoAccessForDefaultUser"),
	ONE_OF("DefaultUserHome", user_home), END };
SCHEMA(deployment_s, deployment_f);

static const struct field image_f[] = {
	{ .key = "Os", .type = FT_STR, .flags = F_REQUIRED, .choices = oses },
	PAT("CustomAmi", RE_AMI), END };
SCHEMA(image_s, image_f);

static const struct field top_f[] = {
	STR("Region"), REQ_MAP("Image", image_s), REQ_MAP("HeadNode", head_s),
	REQ_MAP("Scheduling", scheduling_s), LIST_OF("SharedStorage", storage_s),
	MAP("LoginNodes", login_s), MAP("Monitoring", monitoring_s),
	MAP("AdditionalPackages", packages_s), LIST_OF("Tags", tag_s),
	MAP("Iam", cluster_iam_s), MAP("DirectoryService", directory_s),
	MAP("Imds", imds_s), STR("CustomS3Bucket"), STR("AdditionalResources"),
	MAP("DevSettings", dev_s), MAP("DeploymentSettings", deployment_s),
	END };

const struct schema cluster_schema = { "cluster", top_f, NULL };

/* ---- the checker --------------------------------------------------------- */

#define MAX_PATTERNS 48
#define PATH_MAX_LEN 512

struct compiled {
	const char *pattern;
	regex_t re;
	int ok;
};

struct checker {
	const char *file;
	struct diags *d;
	int errors;
	struct compiled re[MAX_PATTERNS];
	size_t n_re;
	char path[PATH_MAX_LEN];
};

int config_is_placeholder(const char *t)
{
	size_t len = strlen(t);
	if (strstr(t, "${") || strstr(t, "PLACEHOLDER") || strstr(t, "{{"))
		return 1;
	if (len >= 2 && t[0] == '{' && t[len - 1] == '}')
		return 1;
	const char *lt = strchr(t, '<');
	return lt && strchr(lt, '>') != NULL;
}

int config_edit_distance(const char *a, const char *b)
{
	enum { CAP = 64 };
	size_t la = strlen(a), lb = strlen(b);
	if (la > CAP || lb > CAP)
		return CAP;
	int row[CAP + 1];
	for (size_t j = 0; j <= lb; j++)
		row[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int diag = row[0];
		row[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int up = row[j];
			int cost = a[i - 1] == b[j - 1] ? 0 : 1;
			int best = diag + cost;
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb] > CAP ? CAP : row[lb];
}

static regex_t *compiled(struct checker *c, const char *pattern)
{
	for (size_t i = 0; i < c->n_re; i++)
		if (c->re[i].pattern == pattern)
			return c->re[i].ok ? &c->re[i].re : NULL;
	if (c->n_re == MAX_PATTERNS)
		return NULL;
	struct compiled *r = &c->re[c->n_re++];
	r->pattern = pattern;
	r->ok = regcomp(&r->re, pattern, REG_EXTENDED | REG_NOSUB) == 0;
	return r->ok ? &r->re : NULL;
}

static int matches(struct checker *c, const char *pattern, const char *text)
{
	regex_t *re = compiled(c, pattern);
	return re && regexec(re, text, 0, NULL, 0) == 0;
}

__attribute__((format(printf, 3, 4)))
static void err(struct checker *c, const struct ynode *at, const char *fmt, ...)
{
	char text[700];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	c->errors++;
	diag_error(c->d, c->file, at ? at->line : 0, at ? at->col : 0, "%s: %s",
		   c->path, text);
}

static size_t path_push_key(struct checker *c, const char *key)
{
	size_t len = strlen(c->path);
	snprintf(c->path + len, sizeof c->path - len, "%s%s", len ? "." : "",
		 key);
	return len;
}

static size_t path_push_index(struct checker *c, size_t i)
{
	size_t len = strlen(c->path);
	snprintf(c->path + len, sizeof c->path - len, "[%zu]", i);
	return len;
}

static void path_pop(struct checker *c, size_t len)
{
	c->path[len] = 0;
}

static const struct field *find_field(const struct schema *s, const char *key)
{
	for (const struct field *f = s->fields; f->key; f++)
		if (!strcmp(f->key, key))
			return f;
	return NULL;
}

/* The allowed key closest to an unknown one, or NULL if none is close. */
static const char *closest_key(const struct schema *s, const char *key)
{
	const char *best = NULL;
	int best_d = 1 << 20;
	for (const struct field *f = s->fields; f->key; f++) {
		int dist = strcasecmp(f->key, key) ? config_edit_distance(f->key, key)
						   : 0;
		if (dist < best_d) {
			best_d = dist;
			best = f->key;
		}
	}
	int len = (int)strlen(key);
	int limit = len < 6 ? 2 : len / 3;
	return best && best_d <= limit ? best : NULL;
}

static void join_choices(const char *const *choices, char *buf, size_t size)
{
	buf[0] = 0;
	for (size_t i = 0; choices[i]; i++) {
		size_t len = strlen(buf);
		snprintf(buf + len, size - len, "%s%s", i ? ", " : "", choices[i]);
	}
}

static int in_choices(const char *const *choices, const char *v)
{
	for (size_t i = 0; choices[i]; i++)
		if (!strcmp(choices[i], v))
			return 1;
	return 0;
}

static void check_range(struct checker *c, const struct field *f,
			const struct ynode *n, long long v)
{
	int lo_bad = (f->flags & F_MIN) &&
		     ((f->flags & F_MIN_EXCL) ? v <= f->min : v < f->min);
	int hi_bad = (f->flags & F_MAX) && v > f->max;
	if (!lo_bad && !hi_bad)
		return;
	const char *rel = (f->flags & F_MIN_EXCL) ? "greater than"
						  : "greater than or equal to";
	if ((f->flags & F_MIN) && (f->flags & F_MAX))
		err(c, n, "Must be %s %lld and less than or equal to %lld. "
			  "(got %s)", rel, f->min, f->max, n->value);
	else if (f->flags & F_MIN)
		err(c, n, "Must be %s %lld. (got %s)", rel, f->min, n->value);
	else
		err(c, n, "Must be less than or equal to %lld. (got %s)", f->max,
		    n->value);
}

static int need_scalar(struct checker *c, const struct ynode *n)
{
	if (n->kind == YNODE_SCALAR && !yscalar_is_null(n))
		return 1;
	if (n->kind == YNODE_SCALAR)
		err(c, n, "Field may not be null.");
	else
		err(c, n, "Not a valid %s; a single value is expected here.",
		    n->kind == YNODE_MAP ? "value (found a mapping)"
					 : "value (found a list)");
	return 0;
}

static void check_string(struct checker *c, const struct field *f,
			 const struct ynode *n)
{
	if (!need_scalar(c, n) || config_is_placeholder(n->value))
		return;
	if (yscalar_plain_non_string(n)) {
		err(c, n, "Not a valid string. (got %s; quote it to make it "
			  "text)", n->value);
		return;
	}
	size_t len = strlen(n->value);
	if (f->choices && !in_choices(f->choices, n->value)) {
		char list[600];
		join_choices(f->choices, list, sizeof list);
		err(c, n, "Must be one of: %s. (got %s)", list, n->value);
	} else if (f->pattern && !matches(c, f->pattern, n->value)) {
		err(c, n, "String does not match expected pattern. (got '%s')",
		    n->value);
	} else if ((f->flags & F_CIDR_OR_PL) && !matches(c, RE_CIDR, n->value) &&
		   !matches(c, RE_PREFIX_LIST, n->value)) {
		err(c, n, "Invalid value: '%s' is neither a valid CIDR or a "
			  "valid prefix-list.", n->value);
	} else if (f->max_items && len > (size_t)f->max_items) {
		err(c, n, "Longer than maximum length %d. (got %zu characters)",
		    f->max_items, len);
	} else if (f->min_items && len < (size_t)f->min_items) {
		err(c, n, "Shorter than minimum length %d.", f->min_items);
	}
}

static void check_int(struct checker *c, const struct field *f,
		      const struct ynode *n)
{
	long long v;
	if (!need_scalar(c, n) || config_is_placeholder(n->value))
		return;
	if (!yscalar_int(n, &v)) {
		err(c, n, "Not a valid integer. (got %s)", n->value);
		return;
	}
	if (f->choices) {
		char text[32];
		snprintf(text, sizeof text, "%lld", v);
		if (!in_choices(f->choices, text)) {
			char list[600];
			join_choices(f->choices, list, sizeof list);
			err(c, n, "Must be one of: %s. (got %s)", list, n->value);
		}
		return;
	}
	check_range(c, f, n, v);
}

static void check_scalar_field(struct checker *c, const struct field *f,
			       enum ftype type, const struct ynode *n)
{
	double x;
	int b;
	switch (type) {
	case FT_STR:
		check_string(c, f, n);
		break;
	case FT_INT:
		check_int(c, f, n);
		break;
	case FT_FLOAT:
		if (!need_scalar(c, n) || config_is_placeholder(n->value))
			break;
		if (!yscalar_float(n, &x))
			err(c, n, "Not a valid number. (got %s)", n->value);
		else if ((f->flags & F_MIN) && x < (double)f->min)
			err(c, n, "Must be greater than or equal to %lld. "
				  "(got %s)", f->min, n->value);
		break;
	case FT_BOOL:
		if (!need_scalar(c, n) || config_is_placeholder(n->value))
			break;
		if (!yscalar_bool(n, &b))
			err(c, n, "Not a valid boolean. (got %s; use true or "
				  "false)", n->value);
		break;
	default:
		need_scalar(c, n);
		break;
	}
}

static void check_map(struct checker *c, const struct schema *s,
		      const struct ynode *n);

static int need_map(struct checker *c, const struct ynode *n)
{
	if (n->kind == YNODE_MAP)
		return 1;
	if (yscalar_is_null(n))
		err(c, n, "Field may not be null.");
	else
		err(c, n, "Invalid input type: a mapping (Key: value lines) is "
			  "expected here.");
	return 0;
}

static void check_action_script(struct checker *c, const struct ynode *n)
{
	static const struct field script_f[] = {
		{ .key = "Script", .type = FT_STR, .flags = F_REQUIRED },
		{ .key = "Args", .type = FT_LIST, .item = FT_STR },
		{ .key = NULL } };
	static const struct schema script_s = { "script", script_f, NULL };
	/* A Sequence item may be anything (fuzz finding: a list item was
	 * walked as a map). */
	if (!need_map(c, n))
		return;
	check_map(c, &script_s, n);
	/* pcluster's UrlValidator: an s3:// script needs a bucket and a key. */
	const struct ynode *script = ymap_get(n, "Script");
	if (!script || script->kind != YNODE_SCALAR ||
	    config_is_placeholder(script->value) ||
	    strncmp(script->value, "s3://", 5))
		return;
	const char *slash = strchr(script->value + 5, '/');
	if (slash == script->value + 5 || !slash || !slash[1]) {
		size_t at = path_push_key(c, "Script");
		err(c, script, "s3 url '%s' is invalid.", script->value);
		path_pop(c, at);
	}
}

static void check_action(struct checker *c, const struct ynode *n)
{
	if (!need_map(c, n))
		return;
	const struct ynode *script = ymap_get(n, "Script");
	const struct ynode *seq = ymap_get(n, "Sequence");
	if (script && seq) {
		err(c, n, "Both Script and Sequence fields are provided. Only one "
			  "is allowed.");
		return;
	}
	if (script) {
		check_action_script(c, n);
		return;
	}
	if (!seq) {
		err(c, n, "Either Script or Sequence field must be provided.");
		return;
	}
	for (size_t i = 0; i < n->n; i++) {
		if (strcmp(n->keys[i]->value, "Sequence")) {
			size_t at = path_push_key(c, n->keys[i]->value);
			err(c, n->keys[i], "Unknown field.");
			path_pop(c, at);
		}
	}
	size_t at = path_push_key(c, "Sequence");
	if (seq->kind != YNODE_SEQ) {
		err(c, seq, "Invalid input type for Sequence, expected list.");
	} else {
		for (size_t i = 0; i < seq->n; i++) {
			size_t at_i = path_push_index(c, i);
			check_action_script(c, seq->items[i]);
			path_pop(c, at_i);
		}
	}
	path_pop(c, at);
}

static void check_list(struct checker *c, const struct field *f,
		       const struct ynode *n)
{
	if (n->kind != YNODE_SEQ) {
		err(c, n, "Not a valid list.");
		return;
	}
	if (f->min_items && f->max_items && f->min_items == f->max_items &&
	    n->n != (size_t)f->min_items)
		err(c, n, "Length must be %d. (got %zu)", f->min_items, n->n);
	else if (f->min_items && n->n < (size_t)f->min_items)
		err(c, n, "Shorter than minimum length %d.", f->min_items);
	else if (f->max_items && n->n > (size_t)f->max_items)
		err(c, n, "Longer than maximum length %d. (got %zu)", f->max_items,
		    n->n);
	for (size_t i = 0; i < n->n; i++) {
		size_t at = path_push_index(c, i);
		const struct ynode *item = n->items[i];
		if (f->item == FT_MAP) {
			if (need_map(c, item))
				check_map(c, f->sub, item);
		} else if (f->item == FT_DICT) {
			need_map(c, item);
		} else {
			struct field one = *f;
			one.min_items = one.max_items = 0;
			check_scalar_field(c, &one, f->item, item);
		}
		path_pop(c, at);
	}
}

static void check_value(struct checker *c, const struct field *f,
			const struct ynode *n)
{
	switch (f->type) {
	case FT_MAP:
		if (need_map(c, n))
			check_map(c, f->sub, n);
		break;
	case FT_DICT:
		need_map(c, n);
		break;
	case FT_LIST:
		check_list(c, f, n);
		break;
	case FT_ACTION:
		check_action(c, n);
		break;
	default:
		check_scalar_field(c, f, f->type, n);
		break;
	}
}

static void check_rules(struct checker *c, const struct schema *s,
			const struct ynode *n)
{
	for (const struct rule *r = s->rules; r && r->message; r++) {
		int present = 0;
		for (size_t k = 0; r->keys[k]; k++)
			if (ymap_get(n, r->keys[k]))
				present++;
		if (present > 1 || (r->kind == RULE_EXACTLY_ONE && present == 0))
			err(c, n, "%s", r->message);
	}
}

static void check_map(struct checker *c, const struct schema *s,
		      const struct ynode *n)
{
	for (size_t i = 0; i < n->n; i++) {
		const char *key = n->keys[i]->value;
		size_t at = path_push_key(c, key);
		const struct field *f = find_field(s, key);
		if (!f) {
			const char *hint = closest_key(s, key);
			if (hint)
				err(c, n->keys[i], "Unknown field. Did you mean "
						   "'%s'?", hint);
			else
				err(c, n->keys[i], "Unknown field.");
		} else {
			check_value(c, f, n->items[i]);
		}
		path_pop(c, at);
	}
	for (const struct field *f = s->fields; f->key; f++) {
		if (!(f->flags & F_REQUIRED) || ymap_get(n, f->key))
			continue;
		size_t at = path_push_key(c, f->key);
		err(c, n, "Missing data for required field.");
		path_pop(c, at);
	}
	check_rules(c, s, n);
}

int schema_check(const struct schema *s, const struct ynode *root,
		 const char *file, struct diags *d)
{
	struct checker *c = calloc(1, sizeof *c);
	if (!c) {
		diag_error(d, file, 0, 0, "out of memory checking the config");
		return 1;
	}
	c->file = file;
	c->d = d;
	if (!root || root->kind != YNODE_MAP) {
		diag_error(d, file, root ? root->line : 0, root ? root->col : 0,
			   "a cluster config is a YAML mapping with Image, "
			   "HeadNode and Scheduling sections");
		free(c);
		return 1;
	}
	check_map(c, s, root);
	int errors = c->errors;
	for (size_t i = 0; i < c->n_re; i++)
		if (c->re[i].ok)
			regfree(&c->re[i].re);
	free(c);
	return errors;
}
