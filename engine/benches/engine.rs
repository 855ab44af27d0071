//! Parse and execute times of Avaya's 972 KB 2022 template, against a plain
//! line scan of the same bytes as the baseline (what reading the file costs
//! at the least). Run with `cargo bench -p phoneboot-engine`.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use phoneboot_engine::boot::{PhoneConfig, UPGRADE_SCRIPT};
use phoneboot_engine::fleet::{evaluate, steady_state, FileSet};
use phoneboot_engine::{Flash, Model, Program};

fn template() -> Vec<u8> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/corpus/46xxsettings-avaya-template-2022.txt"
    );
    std::fs::read(path).expect("engine/tests/corpus holds the template")
}

fn benches(c: &mut Criterion) {
    let bytes = template();
    c.bench_function("baseline: line scan of the template", |b| {
        b.iter(|| {
            black_box(&bytes)
                .split(|&x| x == b'\n')
                .filter(|l| l.first() == Some(&b'S'))
                .count()
        })
    });
    c.bench_function("parse template", |b| {
        b.iter(|| Program::parse("46xxsettings.txt", black_box(&bytes)))
    });
    let mut set = FileSet::new();
    set.insert(Program::parse(UPGRADE_SCRIPT, b"GET 46xxsettings.txt\n"));
    set.insert(Program::parse("46xxsettings.txt", &bytes));
    let phone = PhoneConfig {
        group: 3,
        ..PhoneConfig::new(Model::M1608)
    };
    let flash = Flash::factory();
    c.bench_function("execute template (one 1608, parsed once)", |b| {
        b.iter(|| evaluate(black_box(&set), black_box(&phone), &flash))
    });
    let mut group = c.benchmark_group("fleet");
    group.sample_size(10);
    group.bench_function("8 models x 1000 groups over the template", |b| {
        b.iter(|| {
            let mut n = 0;
            for model in Model::ALL {
                for g in 0..1000 {
                    let cell = steady_state(
                        &set,
                        &PhoneConfig {
                            group: g,
                            ..PhoneConfig::new(model)
                        },
                        &flash,
                    );
                    n += cell.eval.settings.len();
                }
            }
            n
        })
    });
    group.finish();
}

criterion_group!(engine, benches);
criterion_main!(engine);
