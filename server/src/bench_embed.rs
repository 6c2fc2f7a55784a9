//! `nextcrm bench-embed`: how fast the configured embedding model runs on this machine (the
//! local one unless `NEXTCRM_EMBED_URL` is set), for
//! `cargo xtask bench --embed`: texts per second at batch 1 and at batch 32 (record texts of
//! CRM-like length), and the latency of embedding one short search query, which a search by
//! meaning pays before it can look anything up.

use crate::config::Config;
use anyhow::Context;
use std::time::Instant;

/// Record-like texts: a name, a company, a role, a city and a note, varied by `i`.
fn record_text(i: usize) -> String {
    const FIRST: [&str; 8] = [
        "Jana", "Lukas", "Amélie", "Hiro", "Olena", "Marco", "Priya", "Tomás",
    ];
    const COMPANY: [&str; 6] = [
        "Acme Pumps GmbH",
        "Northwind Logistics",
        "Blue Harbor Foods",
        "Kite Solar s.r.o.",
        "Vega Dental Clinics",
        "Orbit Analytics Ltd",
    ];
    const ROLE: [&str; 5] = [
        "head of procurement",
        "CFO",
        "operations manager",
        "IT director",
        "founder",
    ];
    const NOTE: [&str; 4] = [
        "Asked for a quote on 40 units with delivery before the end of the quarter.",
        "Renewal due in March; unhappy with support response times last year.",
        "Met at the trade fair; interested in the premium plan and a pilot for two sites.",
        "Prefers email. Budget approved, waiting for legal to review the contract terms.",
    ];
    format!(
        "{} {} — {}, {} in {}. {}",
        FIRST[i % FIRST.len()],
        ["Novak", "Schmidt", "Dubois", "Tanaka", "Kovalenko"][i % 5],
        ROLE[i % ROLE.len()],
        COMPANY[i % COMPANY.len()],
        ["Prague", "Munich", "Lyon", "Osaka", "Kyiv", "Madrid"][i % 6],
        NOTE[i % NOTE.len()],
    )
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

pub async fn run(config: &Config) -> anyhow::Result<()> {
    let started = Instant::now();
    let model = config
        .embed
        .open()
        .await
        .with_context(|| format!("cannot open the embedding model ({:?})", config.embed))?;
    println!(
        "embed: {} loaded in {:.0} ms",
        model.model().name,
        started.elapsed().as_secs_f64() * 1000.0
    );
    let texts: Vec<String> = (0..512).map(record_text).collect();
    // Warm-up: the first calls allocate what later ones reuse.
    model.embed(&texts[..32]).await?;
    for batch in [1usize, 32] {
        let n = if batch == 1 { 200 } else { texts.len() };
        let started = Instant::now();
        for chunk in texts[..n].chunks(batch) {
            model.embed(chunk).await?;
        }
        let secs = started.elapsed().as_secs_f64();
        println!(
            "embed: batch {batch}: {n} record texts in {secs:.2} s = {:.0} texts/s",
            n as f64 / secs
        );
    }
    let query = vec!["pump supplier unhappy with support".to_owned()];
    let mut times = Vec::with_capacity(200);
    for _ in 0..200 {
        let t = Instant::now();
        model.embed(&query).await?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "embed: one short query, 200 times: p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms",
        percentile(&times, 0.5),
        percentile(&times, 0.95),
        percentile(&times, 0.99)
    );
    Ok(())
}
