//! What the aspect programs (`aspect_eval`, `train_aspects`) share: their option
//! lookup, the JSONL reader, and the mapping of the public corpora's categories onto
//! the crate's (`docs/aspects.md`), kept in one place so that training and measuring
//! never map them differently.

use std::path::Path;

use serde_json::Value;
use zh_emotion::AspectCategory;

/// The value after `name` in `args`, if any.
pub fn option(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

/// The JSON values of the non-blank lines of `path`.
pub fn read_jsonl(path: &Path) -> Result<Vec<Value>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| format!("{}:{}: {e}", path.display(), i + 1))
        })
        .collect()
}

/// The crate category of a dimABSA category, if it maps onto one.
pub fn dimabsa_category(c: &str) -> Option<AspectCategory> {
    Some(match c {
        "食物#品质" | "食物#份量与款式" | "饮料#品质" | "饮料#份量与款式" => {
            AspectCategory::Quality
        }
        "服务#概括" => AspectCategory::Service,
        "氛围#概括" => AspectCategory::Environment,
        "食物#价格" | "餐厅#价格" | "饮料#价格" => AspectCategory::Price,
        "地点#概括" => AspectCategory::Location,
        "餐厅#概括" | "餐厅#杂项" => AspectCategory::General,
        _ => return None,
    })
}

/// The crate category of a BDCI subject, if it maps onto one.
pub fn bdci_category(subject: &str) -> Option<AspectCategory> {
    Some(match subject {
        "价格" => AspectCategory::Price,
        "安全性" => AspectCategory::Quality,
        "动力" | "操控" | "油耗" | "舒适性" | "配置" | "空间" | "外观" | "内饰" => {
            AspectCategory::Features
        }
        _ => return None,
    })
}
