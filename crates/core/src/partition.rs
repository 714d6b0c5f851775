//! AWS partitions: the ARN prefix, DNS suffix and region shape of each.

use std::fmt;

/// An AWS partition. Every ARN the generators write carries the setup's partition, because
/// hard-coding `arn:aws` is the most common bug in hand-written policies for GovCloud and China.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Partition {
    Aws,
    AwsCn,
    AwsUsGov,
    AwsIso,
    AwsIsoB,
    AwsIsoE,
    AwsIsoF,
    AwsEusc,
}

impl Partition {
    /// Every partition, in the order the page offers them.
    pub const ALL: [Partition; 8] = [
        Partition::Aws,
        Partition::AwsCn,
        Partition::AwsUsGov,
        Partition::AwsIso,
        Partition::AwsIsoB,
        Partition::AwsIsoE,
        Partition::AwsIsoF,
        Partition::AwsEusc,
    ];

    /// The partition's identifier, as it appears in ARNs and setup files.
    pub fn id(self) -> &'static str {
        match self {
            Partition::Aws => "aws",
            Partition::AwsCn => "aws-cn",
            Partition::AwsUsGov => "aws-us-gov",
            Partition::AwsIso => "aws-iso",
            Partition::AwsIsoB => "aws-iso-b",
            Partition::AwsIsoE => "aws-iso-e",
            Partition::AwsIsoF => "aws-iso-f",
            Partition::AwsEusc => "aws-eusc",
        }
    }

    /// A human label for pickers and console steps.
    pub fn label(self) -> &'static str {
        match self {
            Partition::Aws => "AWS (commercial)",
            Partition::AwsCn => "AWS China",
            Partition::AwsUsGov => "AWS GovCloud (US)",
            Partition::AwsIso => "AWS ISO (C2S)",
            Partition::AwsIsoB => "AWS ISO-B (SC2S, AWS US Secret)",
            Partition::AwsIsoE => "AWS ISO-E",
            Partition::AwsIsoF => "AWS ISO-F",
            Partition::AwsEusc => "AWS European Sovereign Cloud",
        }
    }

    /// The DNS suffix of the partition's service endpoints.
    pub fn dns_suffix(self) -> &'static str {
        match self {
            Partition::Aws | Partition::AwsUsGov => "amazonaws.com",
            Partition::AwsCn => "amazonaws.com.cn",
            Partition::AwsIso => "c2s.ic.gov",
            Partition::AwsIsoB => "sc2s.sgov.gov",
            Partition::AwsIsoE => "cloud.adc-e.uk",
            Partition::AwsIsoF => "csp.hci.ic.gov",
            Partition::AwsEusc => "amazonaws.eu",
        }
    }

    /// Parses a partition identifier such as `aws-us-gov`.
    pub fn from_id(id: &str) -> Option<Partition> {
        Partition::ALL.into_iter().find(|p| p.id() == id)
    }

    /// The shape of the partition's region names, for error messages.
    pub fn region_shape(self) -> &'static str {
        match self {
            Partition::Aws => "`<us|eu|ap|sa|ca|me|af|il|mx>-<word>-<n>`",
            Partition::AwsCn => "`cn-<word>-<n>`",
            Partition::AwsUsGov => "`us-gov-<word>-<n>`",
            Partition::AwsIso => "`us-iso-<word>-<n>`",
            Partition::AwsIsoB => "`us-isob-<word>-<n>`",
            Partition::AwsIsoE => "`eu-isoe-<word>-<n>`",
            Partition::AwsIsoF => "`us-isof-<word>-<n>`",
            Partition::AwsEusc => "`eusc-de-<word>-<n>`",
        }
    }

    /// The regions of the partition that AWS lists, for the page's list of suggestions.
    ///
    /// Generated from `botocore/data/partitions.json` of botocore 1.44.5 (PyPI): each
    /// partition's `regions`, without the `aws-global`-style pseudo-regions, sorted. To
    /// refresh it, read that file of a newer botocore the same way.
    ///
    /// A region of the right shape that is missing here is still accepted: AWS opens
    /// regions more often than this table is refreshed, and refusing a real region would
    /// block the user, while a typo of the right shape (`us-west-9`) fails at the first AWS
    /// command anyway. [`Partition::is_listed`] lets the page say that a region is unknown.
    pub fn regions(self) -> &'static [&'static str] {
        match self {
            Partition::Aws => &[
                "af-south-1",
                "ap-east-1",
                "ap-east-2",
                "ap-northeast-1",
                "ap-northeast-2",
                "ap-northeast-3",
                "ap-south-1",
                "ap-south-2",
                "ap-southeast-1",
                "ap-southeast-2",
                "ap-southeast-3",
                "ap-southeast-4",
                "ap-southeast-5",
                "ap-southeast-6",
                "ap-southeast-7",
                "ca-central-1",
                "ca-west-1",
                "eu-central-1",
                "eu-central-2",
                "eu-north-1",
                "eu-south-1",
                "eu-south-2",
                "eu-west-1",
                "eu-west-2",
                "eu-west-3",
                "il-central-1",
                "me-central-1",
                "me-south-1",
                "me-west-1",
                "mx-central-1",
                "sa-east-1",
                "sa-west-1",
                "us-east-1",
                "us-east-2",
                "us-west-1",
                "us-west-2",
            ],
            Partition::AwsCn => &["cn-north-1", "cn-northwest-1"],
            Partition::AwsUsGov => &["us-gov-east-1", "us-gov-west-1"],
            Partition::AwsIso => &["us-iso-east-1", "us-iso-west-1"],
            Partition::AwsIsoB => &["us-isob-east-1", "us-isob-west-1"],
            Partition::AwsIsoE => &["eu-isoe-west-1"],
            Partition::AwsIsoF => &["us-isof-east-1", "us-isof-south-1"],
            Partition::AwsEusc => &["eusc-de-east-1"],
        }
    }

    /// Whether `region` is one of the regions AWS lists for the partition.
    pub fn is_listed(self, region: &str) -> bool {
        self.regions().contains(&region)
    }

    /// The listed region `region` is most likely a typo of, for a region of the right shape
    /// that AWS does not list (`us-wset-2`): the one region, of any partition, at most two
    /// single-character edits away, or `None` when there is none or more than one is as near.
    pub fn nearest_listed(region: &str) -> Option<&'static str> {
        // Region names are short; anything longer is no typo of one.
        if region.len() > 32 || Partition::ALL.iter().any(|p| p.is_listed(region)) {
            return None;
        }
        let mut best: Option<(usize, &'static str)> = None;
        let mut tie = false;
        for listed in Partition::ALL.iter().flat_map(|p| p.regions()) {
            let distance = edit_distance(region, listed);
            if distance > 2 {
                continue;
            }
            match best {
                Some((d, _)) if d < distance => {}
                Some((d, _)) if d == distance => tie = true,
                _ => {
                    best = Some((distance, listed));
                    tie = false;
                }
            }
        }
        best.filter(|_| !tie).map(|(_, listed)| listed)
    }

    /// The partition a region name belongs to, or `None` when it has no known shape.
    pub fn of_region(region: &str) -> Option<Partition> {
        // The fixed prefixes are tried before the commercial shape, whose `<word>` could
        // otherwise swallow `gov` or `isob`.
        const PREFIXED: [(&str, Partition); 6] = [
            ("us-gov-", Partition::AwsUsGov),
            ("us-isob-", Partition::AwsIsoB),
            ("us-isof-", Partition::AwsIsoF),
            ("us-iso-", Partition::AwsIso),
            ("eu-isoe-", Partition::AwsIsoE),
            ("eusc-de-", Partition::AwsEusc),
        ];
        for (prefix, partition) in PREFIXED {
            if let Some(rest) = region.strip_prefix(prefix) {
                return is_word_number(rest).then_some(partition);
            }
        }
        if let Some(rest) = region.strip_prefix("cn-") {
            return is_word_number(rest).then_some(Partition::AwsCn);
        }
        const COMMERCIAL: [&str; 9] = ["us-", "eu-", "ap-", "sa-", "ca-", "me-", "af-", "il-", "mx-"];
        COMMERCIAL
            .iter()
            .find_map(|prefix| region.strip_prefix(prefix))
            .filter(|rest| is_word_number(rest))
            .map(|_| Partition::Aws)
    }
}

/// Every region AWS lists, of every partition, in the order of [`Partition::ALL`]: the
/// choices of the region field while no partition is chosen.
pub fn all_regions() -> impl Iterator<Item = &'static str> {
    Partition::ALL.into_iter().flat_map(|p| p.regions().iter().copied())
}

/// The Levenshtein distance of two short ASCII strings (characters inserted, removed or
/// replaced), with an adjacent swap counting as one edit, as the commonest typo.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    // rows[i][j]: the distance of a[..i] and b[..j].
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        if let Some(first) = row.first_mut() {
            *first = i;
        }
    }
    if let Some(first) = rows.first_mut() {
        for (j, cell) in first.iter_mut().enumerate() {
            *cell = j;
        }
    }
    let at = |rows: &Vec<Vec<usize>>, i: usize, j: usize| {
        rows.get(i).and_then(|r| r.get(j)).copied().unwrap_or(usize::MAX / 2)
    };
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let (ca, cb) = (a.get(i - 1), b.get(j - 1));
            let cost = usize::from(ca != cb);
            let mut d = (at(&rows, i - 1, j) + 1)
                .min(at(&rows, i, j - 1) + 1)
                .min(at(&rows, i - 1, j - 1) + cost);
            if i > 1 && j > 1 && ca == b.get(j - 2) && a.get(i - 2) == cb {
                d = d.min(at(&rows, i - 2, j - 2) + 1);
            }
            if let Some(cell) = rows.get_mut(i).and_then(|r| r.get_mut(j)) {
                *cell = d;
            }
        }
    }
    at(&rows, a.len(), b.len())
}

/// Whether `s` is `<lowercase word>-<number>`, the tail of every region name.
fn is_word_number(s: &str) -> bool {
    match s.split_once('-') {
        Some((word, number)) => {
            !word.is_empty()
                && word.bytes().all(|b| b.is_ascii_lowercase())
                && !number.is_empty()
                && number.len() <= 2
                && number.bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

impl fmt::Display for Partition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_map_to_their_partition() {
        let cases = [
            ("us-west-2", Some(Partition::Aws)),
            ("ap-southeast-1", Some(Partition::Aws)),
            ("il-central-1", Some(Partition::Aws)),
            ("cn-north-1", Some(Partition::AwsCn)),
            ("cn-northwest-1", Some(Partition::AwsCn)),
            ("us-gov-west-1", Some(Partition::AwsUsGov)),
            ("us-iso-east-1", Some(Partition::AwsIso)),
            ("us-isob-east-1", Some(Partition::AwsIsoB)),
            ("us-isof-south-1", Some(Partition::AwsIsoF)),
            ("eu-isoe-west-1", Some(Partition::AwsIsoE)),
            ("eusc-de-east-1", Some(Partition::AwsEusc)),
            ("us-west", None),
            ("US-WEST-2", None),
            ("xx-west-2", None),
            ("us-gov-1", None),
            ("", None),
        ];
        for (region, expected) in cases {
            assert_eq!(Partition::of_region(region), expected, "{region}");
        }
    }

    #[test]
    fn every_listed_region_has_its_partition_shape() {
        for p in Partition::ALL {
            assert!(!p.regions().is_empty(), "{p}");
            for region in p.regions() {
                assert_eq!(Partition::of_region(region), Some(p), "{region}");
            }
        }
    }

    #[test]
    fn typos_of_listed_regions_are_found() {
        assert_eq!(Partition::nearest_listed("us-wset-2"), Some("us-west-2"));
        assert_eq!(Partition::nearest_listed("eu-centrl-1"), Some("eu-central-1"));
        assert_eq!(Partition::nearest_listed("us-west-2"), None);
        // As near to `us-west-1` as to `us-west-2`: no guess.
        assert_eq!(Partition::nearest_listed("us-west-3"), None);
        assert_eq!(Partition::nearest_listed("mars-north-9"), None);
        assert!(all_regions().any(|r| r == "us-gov-west-1"));
    }

    #[test]
    fn ids_round_trip() {
        for p in Partition::ALL {
            assert_eq!(Partition::from_id(p.id()), Some(p));
        }
        assert_eq!(Partition::from_id("aws-gov"), None);
    }
}
