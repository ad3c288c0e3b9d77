#!/usr/bin/env python3
"""Generate models/catalog/catalog_data.c from the aws-data CSV files.

    models/catalog/gen_catalog.py [AWS_DATA_DIR] [OUTPUT.c]

AWS_DATA_DIR defaults to ../shared/reference/aws-data relative to the repo
root; OUTPUT defaults to models/catalog/catalog_data.c.  Standard library
only.  The generated file is committed so the build needs neither Python nor
the data directory.  See models/catalog/README.md for what each column means,
the speed-index derivation and the placement-group rule.
"""
import csv
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# Relative single-thread throughput per clock of each CPU microarchitecture,
# Skylake-SP = 1.00.  Estimates from the vendors' published generation-over-
# generation IPC claims (see README.md, "Per-core speed index").
IPC = {
    # Intel, chained from Skylake by Intel's published per-generation IPC
    # claims: Sandy +5% -> Ivy +10% -> Haswell +5% -> Broadwell +10% ->
    # Skylake; Cascade Lake = Skylake core; Sunny Cove (Ice Lake) +18%;
    # Golden Cove (Sapphire Rapids) +19%; Raptor Cove (Emerald Rapids) same
    # core class; Redwood Cove (Granite Rapids) a few % more.
    "sandybridge": 0.75, "ivybridge": 0.79, "haswell": 0.87,
    "broadwell": 0.91, "skylake": 1.00, "cascadelake": 1.00,
    "icelake": 1.18, "sapphirerapids": 1.40, "emeraldrapids": 1.40,
    "graniterapids": 1.45,
    # AMD: Zen 1 taken as Broadwell-class (0.90); then AMD's claims
    # Zen+ +3%, Zen 2 +15%, Zen 3 +19%, Zen 4 +13%, Zen 5 +16%.
    "zen1": 0.90, "zen2": 1.07, "zen3": 1.27, "zen4": 1.44, "zen5": 1.67,
    # AWS Graviton: Graviton2 (Neoverse N1) taken as 0.85; Graviton3 from
    # AWS's "up to 25% better compute performance" at 2.6 vs 2.5 GHz;
    # Graviton4 (Neoverse V2) +13% IPC over V1; Graviton1 (Cortex-A72)
    # 0.55; Graviton5 has no public figure in the data: Graviton4's.
    "graviton1": 0.55, "graviton2": 0.85, "graviton3": 1.02,
    "graviton4": 1.15, "graviton5": 1.15,
}
# The type whose per-core speed is 1.0: the classic ParallelCluster HPC type.
SPEED_REFERENCE = "c5n.18xlarge"

# CPU model string (lscpu, measured) -> microarchitecture.
CPU_MODEL_RULES = [
    (r"E5-\d{4} 0 ", "sandybridge"), (r" v2 ", "ivybridge"),
    (r" v3 ", "haswell"), (r" v4 ", "broadwell"),
    (r"Platinum 81\d\d", "skylake"), (r"Platinum 82\d\d", "cascadelake"),
    (r"Platinum 83\d\d", "icelake"), (r"(?i)Platinum 84\d\d", "sapphirerapids"),
    (r"(?i)Platinum 85\d\d", "emeraldrapids"), (r"Xeon\(R\) 69\d\d", "graniterapids"),
    (r"EPYC 7571", "zen1"), (r"EPYC 7R32", "zen2"), (r"EPYC 7R13", "zen3"),
    (r"EPYC 9R14", "zen4"), (r"EPYC 9R(05|45)", "zen5"),
]
# Families with no measured CPU model in any size: what AWS's instance pages
# name for them.
FAMILY_MICROARCH = {
    "a1": "graviton1", "cr1": "sandybridge", "g2": "sandybridge",
    "f1": "broadwell", "g3": "broadwell", "g3s": "broadwell",
    "p2": "broadwell", "p3": "broadwell", "i3": "broadwell",
    "u-9tb1": "skylake", "u-12tb1": "cascadelake", "u-18tb1": "cascadelake",
    "u-24tb1": "cascadelake", "u7i-12tb": "sapphirerapids",
    "u7in-16tb": "sapphirerapids", "u7in-24tb": "sapphirerapids",
    "u7in-32tb": "sapphirerapids", "r7iz": "sapphirerapids",
    "p5en": "sapphirerapids", "trn2": "sapphirerapids",
    "p6-b300": "emeraldrapids", "x2gd": "graviton2", "i4g": "graviton2", "im4gn": "graviton2",
    "is4gen": "graviton2", "t4g": "graviton2", "g5g": "graviton2",
}
# Otherwise by manufacturer and the generation digit of the family name
# (c6g/c7g/c8g/c9g; m8i...), AWS's naming rule for its own CPU generations.
BY_GEN = {
    "aws": {"6": "graviton2", "7": "graviton3", "8": "graviton4",
            "9": "graviton5"},
    "intel": {"5": "cascadelake", "6": "icelake", "7": "sapphirerapids",
              "8": "graniterapids"},
    "amd": {"5": "zen2", "6": "zen3", "7": "zen4", "8": "zen5"},
}
# Nominal sustained clock (MHz) for families the data gives no clock for,
# from the CPU model's nominal frequency on AWS's instance pages.
FAMILY_CLOCK_MHZ = {
    "c6gn": 2500, "cr1": 2600, "dl1": 3000, "f1": 2300, "g2": 2600,
    "g3": 2300, "g3s": 2300, "i3": 2300, "p2": 2300, "p3": 2300,
    "u-9tb1": 2100, "u-12tb1": 2100, "u-18tb1": 2100, "u-24tb1": 2100,
}

# Cluster placement groups: EC2 supports current-generation types except
# burstable (T), Mac and flex types, plus these previous-generation families
# (EC2 User Guide, "Placement group rules and limitations").
CPG_PREVIOUS_GEN_OK = {"a1", "c3", "c4", "i2", "m4", "r3", "r4"}
BURSTABLE = {"t1", "t2", "t3", "t3a", "t4g"}

# FSx for Lustre PERSISTENT_2 in ap-northeast-1: FACTS.md section 7
# (DevelopersIO blog, 2022-09-03): USD/hour for 1.2 TiB -> per GB-month
# with 730 h and 1,200 GB.
FSX_APNE1_P2_USD_PER_HOUR_1200GB = {125: 0.31, 250: 0.46, 500: 0.77, 1000: 1.39}

# EFS Standard storage, us-east-1: FACTS.md section 4, recalled AWS list
# price (no EFS price file exists in the data).
EFS_STANDARD_USD_PER_GB_MONTH = 0.30

DATES = {
    "ec2_us_east_1": "2026-07-20",
    "ec2_other": "2025-04-04",
    "spot": "2025-06-28",
    "ebs": "2024-07-18",
    "fsx": "2023-05-19 (performance) / recalled prices",
}


def read_csv(data_dir, name):
    with open(os.path.join(data_dir, name), newline="") as f:
        return list(csv.DictReader(f))


def c_str(s):
    s = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return '"' + s + '"'


def c_num(x):
    """Shortest round-tripping text of a float (repr is exact in Python 3)."""
    r = repr(float(x))
    return r[:-2] if r.endswith(".0") else r


def microarch(row, family_models):
    fam = row["family"]
    model = row["cpu_model_measured"] or family_models.get(fam, "")
    for pat, arch in CPU_MODEL_RULES:
        if model and re.search(pat, model):
            return arch
    if fam in FAMILY_MICROARCH:
        return FAMILY_MICROARCH[fam]
    mfr = "aws" if row["arch"] == "arm64" else row["cpu_manufacturer"]
    gen = row["generation"] or re.sub(r"^\D*(\d?).*$", r"\1", fam)
    if gen in BY_GEN.get(mfr, {}):
        return BY_GEN[mfr][gen]
    raise SystemExit("no microarchitecture rule for %s (%r)" %
                     (row["instance_type"], model))


def clock_mhz(row, family_clocks):
    """Sustained clock; else the nominal clock in the measured CPU model
    name ("@ 2.50GHz"); else a sibling size's; else FAMILY_CLOCK_MHZ."""
    if int(row["sustained_clock_mhz"] or 0) > 0:
        return int(row["sustained_clock_mhz"])
    m = re.search(r"@ ([\d.]+)GHz", row["cpu_model_measured"])
    if m:
        return int(round(float(m.group(1)) * 1000))
    if family_clocks.get(row["family"]):
        return family_clocks[row["family"]]
    if row["family"] in FAMILY_CLOCK_MHZ:
        return FAMILY_CLOCK_MHZ[row["family"]]
    raise SystemExit("no clock for %s" % row["instance_type"])


def network_gbps(row):
    """Baseline bandwidth; for the few types without one, the figure in
    AWS's text ("25 Gigabit", "Up to 10 Gigabit" taken as 10).  0 when the
    text has no figure ("Moderate", "High" on old types): unknown."""
    if row["network_baseline_gbps"]:
        return float(row["network_baseline_gbps"])
    m = re.search(r"([\d.]+) Gigabit", row["network_performance"])
    return float(m.group(1)) if m else 0.0


def cluster_placement(row):
    fam = row["family"]
    if fam in BURSTABLE or fam.startswith("mac") or fam.endswith("-flex"):
        return 0
    if row["current_generation"] == "true":
        return 1
    return 1 if fam in CPG_PREVIOUS_GEN_OK else 0


def load_types(data_dir):
    rows = [r for r in read_csv(data_dir, "ec2_instance_types.csv")
            if r["vcpus"]]
    family_models, family_clocks = {}, {}
    for r in rows:
        if r["cpu_model_measured"]:
            family_models.setdefault(r["family"], r["cpu_model_measured"])
        if int(r["sustained_clock_mhz"] or 0) > 0:
            family_clocks.setdefault(r["family"], int(r["sustained_clock_mhz"]))
    types = []
    for r in rows:
        vcpus = int(r["vcpus"])
        cores = int(r["physical_cores"] or vcpus)
        if r["arch"] == "arm64":
            cores = vcpus   # Graviton has no SMT (fixes c6gn.metal's row)
        if not r["cpu_manufacturer"]:
            # The types karpenter does not list: Graviton, or Intel Xeon for
            # every x86 one (f1, g2, g3, p2, p3, cr1, dl1, i3.metal, u-*).
            r["cpu_manufacturer"] = "aws" if r["arch"] == "arm64" else "intel"
        ua = microarch(r, family_models)
        mhz = clock_mhz(r, family_clocks)
        types.append({
            "name": r["instance_type"], "family": r["family"],
            "arch": r["arch"], "mfr": r["cpu_manufacturer"],
            "vcpus": vcpus, "cores": cores,
            "tpc": max(1, vcpus // cores),
            "mem_mib": int(round(float(r["memory_gib"]) * 1024)),
            "gpus": int(r["gpu_count"] or 0), "gpu_name": r["gpu_name"],
            "gpu_mfr": r["gpu_manufacturer"],
            "gpu_mem": float(r["gpu_memory_gib_each"] or 0),
            "net": network_gbps(r),
            "net_text": r["network_performance"],
            "efa": 1 if r["efa_supported"] == "true" else 0,
            "efa_max": int(r["efa_max_interfaces"] or 0),
            "cpg": cluster_placement(r),
            "current": 1 if r["current_generation"] == "true" else 0,
            "category": r["category"], "microarch": ua, "mhz": mhz,
            "accel": int(r["accelerator_count"] or 0),
            "accel_name": r["accelerator_name"],
            "nvme_gb": int(float(r["local_nvme_gb"] or 0)),
        })
    types.sort(key=lambda t: t["name"].encode())
    ref = next(t for t in types if t["name"] == SPEED_REFERENCE)
    ref_speed = ref["mhz"] * IPC[ref["microarch"]]
    for t in types:
        t["speed"] = round(t["mhz"] * IPC[t["microarch"]] / ref_speed, 3)
    return types


def load_prices(data_dir, types, regions_out):
    """Rows (type, region) from the union of on-demand and Spot advisor data.
    Spot $/h = on-demand x (1 - savings/100), the advisor's own derivation,
    applied to the catalog's on-demand price so both come from one date."""
    index = {t["name"]: i for i, t in enumerate(types)}
    rows = {}
    for r in read_csv(data_dir, "ec2_ondemand_linux_prices.csv"):
        if r["instance_type"] not in index:
            continue
        src = 0 if r["source"].startswith("karpenter") else 1
        rows[(r["instance_type"], r["region"])] = {
            "od": float(r["price_usd_per_hour"]), "src": src,
            "bucket": -1, "savings": None}
    for r in read_csv(data_dir, "spot_advisor_linux.csv"):
        if r["instance_type"] not in index:
            continue
        row = rows.setdefault((r["instance_type"], r["region"]),
                              {"od": -1.0, "src": 1, "bucket": -1,
                               "savings": None})
        row["bucket"] = int(r["interruption_bucket"])
        row["savings"] = int(r["savings_pct_vs_ondemand"])
    regions = sorted({k[1] for k in rows} | set(regions_out))
    # The C rows hold a type as uint16_t and a region as uint8_t.
    assert len(types) < 65536 and len(regions) < 256
    ridx = {r: i for i, r in enumerate(regions)}
    out = []
    for (name, region), row in rows.items():
        spot = -1.0
        # Savings may be negative: the feed has a pool priced above
        # On-Demand (p5.48xlarge in ca-central-1, -62 %).
        if row["od"] >= 0 and row["savings"] is not None:
            spot = round(row["od"] * (1 - row["savings"] / 100.0), 6)
        out.append((index[name], ridx[region], row["src"], row["od"], spot,
                    row["bucket"], row["savings"] or 0))
    out.sort()
    return regions, out


def load_ebs(data_dir):
    ebs = {}
    for r in read_csv(data_dir, "ebs_prices.csv"):
        label, vt, price = r["aws_label"], r["volume_type"], float(r["price_usd"])
        if r["dimension"] == "storage":
            key = vt
        elif r["dimension"] == "throughput_above_125MBps":
            key = "gp3-throughput"
        elif "Tier 2 io2" in label:
            key = "io2-iops-tier2"
        elif "Tier 3 io2" in label:
            key = "io2-iops-tier3"
        elif "gp3" in label:
            key = "gp3-iops"
        elif "io1" in label:
            key = "io1-iops"
        elif "io2" in label:
            key = "io2-iops"
        else:
            continue   # the legacy unlabelled row duplicates io1's price
        ebs[(r["region"], key)] = price
    return ebs


FSX_DEP = {"SCRATCH_1": "FSX_SCRATCH_1", "SCRATCH_2": "FSX_SCRATCH_2",
           "PERSISTENT_1": "FSX_PERSISTENT_1", "PERSISTENT_2": "FSX_PERSISTENT_2"}


def load_fsx(data_dir):
    out = []
    for r in read_csv(data_dir, "fsx_lustre_pricing_us_east_1.csv"):
        if r["deployment_type"] not in FSX_DEP:
            continue   # BACKUP: not a file system price
        per_unit = int(r["per_unit_throughput_mbps_per_tib"] or 0)
        if r["deployment_type"].startswith("SCRATCH"):
            per_unit = 0
        out.append((r["region"], FSX_DEP[r["deployment_type"]], per_unit,
                    1 if r["storage_class"] == "HDD" else 0,
                    float(r["price_usd_per_gb_month"]), r["verification"]))
    for mbps, usd_h in sorted(FSX_APNE1_P2_USD_PER_HOUR_1200GB.items()):
        out.append(("ap-northeast-1", "FSX_PERSISTENT_2", mbps, 0,
                    round(usd_h * 730 / 1200, 4), "page-cross-check"))
    return out


def write(path, data_dir, types, regions, prices, ebs, fsx):
    ridx = {r: i for i, r in enumerate(regions)}
    about = about_text(types, regions, prices, ebs, fsx)
    o = []
    w = o.append
    w("/*\n * GENERATED by models/catalog/gen_catalog.py -- do not edit; re-run the\n"
      " * script instead.  Source: the aws-data CSV files (ec2_instance_types,\n"
      " * ec2_ondemand_linux_prices, spot_advisor_linux, ebs_prices,\n"
      " * fsx_lustre_pricing_us_east_1) described in models/catalog/README.md.\n"
      " * Data dates: EC2 On-Demand us-east-1 %s, other regions %s;\n"
      " * Spot Instance Advisor %s; EBS %s; FSx %s.\n */\n"
      % (DATES["ec2_us_east_1"], DATES["ec2_other"], DATES["spot"],
         DATES["ebs"], DATES["fsx"]))
    w('#include "models/catalog/catalog_data.h"\n\n')
    w("static const char *const regions[] = {\n")
    for r in regions:
        w("\t%s,\n" % c_str(r))
    w("};\n\n")
    w("/* name, family, arch, cpu_manufacturer, vcpus, physical_cores,\n"
      " * threads_per_core, memory_mib, gpus, gpu_name, gpu_manufacturer,\n"
      " * gpu_memory_gib, network_gbps, efa, efa_max_interfaces,\n"
      " * cluster_placement, speed_index, current_generation, category,\n"
      " * microarch, sustained_clock_mhz, accelerators, accelerator_name,\n"
      " * local_nvme_gb, network_performance */\n")
    w("static const struct instance_type types[] = {\n")
    for t in types:
        w("\t{%s,%s,%s,%s,%d,%d,%d,%d,%d,%s,%s,%s,%s,%d,%d,%d,%s,%d,%s,%s,%d,%d,%s,%d,%s},\n" % (
            c_str(t["name"]), c_str(t["family"]), c_str(t["arch"]),
            c_str(t["mfr"]), t["vcpus"], t["cores"], t["tpc"], t["mem_mib"],
            t["gpus"], c_str(t["gpu_name"]), c_str(t["gpu_mfr"]),
            c_num(t["gpu_mem"]), c_num(t["net"]), t["efa"], t["efa_max"],
            t["cpg"], c_num(t["speed"]), t["current"], c_str(t["category"]),
            c_str(t["microarch"]), t["mhz"], t["accel"],
            c_str(t["accel_name"]), t["nvme_gb"], c_str(t["net_text"])))
    w("};\n\n")
    w("/* type, region, source, ondemand, spot, bucket, savings_pct;\n"
      " * sorted by (type, region) for binary search. */\n")
    w("static const struct catalog_price_row prices[] = {\n")
    for p in prices:
        w("\t{%d,%d,%d,%s,%s,%d,%d},\n" % (p[0], p[1], p[2], c_num(p[3]),
                                           c_num(p[4]), p[5], p[6]))
    w("};\n\n")
    w("/* region, kind, USD: EBS storage per GB-month, IOPS per IOPS-month,\n"
      " * gp3 throughput per GiBps-month. */\n")
    w("static const struct catalog_ebs_row ebs[] = {\n")
    for (region, key), usd in sorted(ebs.items()):
        w("\t{%d,%s,%s},\n" % (ridx[region], c_str(key), c_num(usd)))
    w("};\n\n")
    w("/* region, deployment, per-unit MB/s/TiB (0 for SCRATCH), hdd, USD per\n"
      " * GB-month, verification. */\n")
    w("static const struct catalog_fsx_row fsx[] = {\n")
    for f in fsx:
        w("\t{%d,%s,%d,%d,%s,%s},\n" % (ridx[f[0]], f[1], f[2], f[3],
                                        c_num(f[4]), c_str(f[5])))
    w("};\n\n")
    w("static const char about[] =\n")
    for line in about.splitlines():
        w("\t%s\n" % c_str(line + "\n"))
    w("\t;\n\n")
    w("const struct catalog_tables catalog_data = {\n")
    w("\tregions, %d,\n\ttypes, %d,\n\tprices, %d,\n\tebs, %d,\n\tfsx, %d,\n"
      % (len(regions), len(types), len(prices), len(ebs), len(fsx)))
    w("\t%s, /* EFS Standard USD/GB-month, us-east-1, unverified-recall */\n"
      % c_num(EFS_STANDARD_USD_PER_GB_MONTH))
    w("\t{ %s, %s },\n" % (c_str(DATES["ec2_us_east_1"]), c_str(DATES["ec2_other"])))
    w("\t%s,\n" % c_str(
        "EC2 us-east-1 %s, EC2 other regions %s, Spot advisor %s, EBS %s"
        % (DATES["ec2_us_east_1"], DATES["ec2_other"], DATES["spot"],
           DATES["ebs"])))
    w("\tabout,\n};\n")
    with open(path + ".tmp", "w") as f:
        f.write("".join(o))
    os.replace(path + ".tmp", path)


def about_text(types, regions, prices, ebs, fsx):
    n_od = sum(1 for p in prices if p[3] >= 0)
    n_spot = sum(1 for p in prices if p[5] >= 0)
    ebs_regions = len({k[0] for k in ebs})
    return "\n".join([
        "pclsim offline catalog (generated by models/catalog/gen_catalog.py)",
        "Instance types: %d (from ec2_instance_types.csv; %d current generation)"
        % (len(types), sum(t["current"] for t in types)),
        "  karpenter-provider-aws instance-types.md, commit 1d927085 (2026-07-11), Apache-2.0",
        "  vantage-sh/ec2instances.info manually_fetched_data.json, commit 4ef36cd2 (2026-07-06), MIT",
        "  yeo/ec2.shop price-calculator files (2025-04-04), MIT",
        "On-Demand Linux prices: %d type x region rows, %d regions"
        % (n_od, len(regions)),
        "  us-east-1: karpenter-provider-aws zz_generated.pricing_aws.go, generated %s, Apache-2.0"
        % DATES["ec2_us_east_1"],
        "  other regions: yeo/ec2.shop AWS price-calculator files, published %s, MIT"
        % DATES["ec2_other"],
        "Spot: %d rows, AWS Spot Instance Advisor feed via alexei-led/spotinfo, commit 05e93313 (%s), Apache-2.0"
        % (n_spot, DATES["spot"]),
        "  interruption bucket = monthly frequency of interruption (<5%, 5-10%, 10-15%, 15-20%, >20%)",
        "  Spot $/h is DERIVED: On-Demand x (1 - typical savings %); not an observed Spot price",
        "EBS: %d price rows, %d regions, yeo/ec2.shop ebs.json (AWS price-calculator, %s), MIT"
        % (len(ebs), ebs_regions, DATES["ebs"]),
        "FSx for Lustre: %d price rows, us-east-1 list prices (corroborated or unverified-recall,"
        % len(fsx),
        "  see `pclsim catalog --storage`); other regions use the us-east-1 price, except",
        "  PERSISTENT_2 in ap-northeast-1 (DevelopersIO blog table, 2022-09-03)",
        "EFS Standard: %s USD/GB-month, us-east-1, unverified-recall (all regions)"
        % c_num(EFS_STANDARD_USD_PER_GB_MONTH),
        "Per-core speed index: sustained clock x microarchitecture IPC estimate, %s = 1.0 (estimate)"
        % SPEED_REFERENCE,
    ])


def main(argv):
    data_dir = argv[1] if len(argv) > 1 else os.path.join(
        ROOT, "..", "shared", "reference", "aws-data")
    out = argv[2] if len(argv) > 2 else os.path.join(HERE, "catalog_data.c")
    types = load_types(data_dir)
    ebs = load_ebs(data_dir)
    fsx = load_fsx(data_dir)
    regions, prices = load_prices(
        data_dir, types, {k[0] for k in ebs} | {f[0] for f in fsx})
    write(out, data_dir, types, regions, prices, ebs, fsx)
    print("%s: %d types, %d regions, %d price rows, %d EBS, %d FSx rows"
          % (out, len(types), len(regions), len(prices), len(ebs), len(fsx)))


if __name__ == "__main__":
    main(sys.argv)
