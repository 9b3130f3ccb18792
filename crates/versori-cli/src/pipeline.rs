//! The stream pipeline of `validate`, `detect` and `migrate`: read | work | write, each stage
//! on a thread of its own, so that no core waits for another stage to finish a chunk.
//!
//! - The reading thread ([`Inputs::read_ahead`](crate::input::Inputs::read_ahead)) splits the input into documents, a chunk at a
//!   time, without parsing them.
//! - A dispatching thread hands each chunk to the worker threads (rayon), which do everything
//!   per document: parse, detect, decode, validate or migrate, and format the output line.
//! - The calling thread writes each chunk's results, in input order, while the workers are on
//!   the next chunk.
//!
//! Memory stays bounded: between two stages at most one chunk waits (a full stage blocks the
//! one before it).

use std::io;
use std::sync::mpsc;
use std::thread;

use rayon::prelude::*;

use crate::input::{Chunks, InputDocument};

/// Runs `work` on every document of `chunks` on the worker threads, and `write` on each chunk
/// with its results (in the order of the documents), in input order, on the calling thread.
/// An error from `write` stops the run (the stages before it stop at their next chunk).
pub fn in_order<R, W, S>(chunks: Chunks, work: W, mut write: S) -> io::Result<()>
where
    R: Send,
    W: Fn(&mut InputDocument) -> R + Sync,
    S: FnMut(Vec<InputDocument>, Vec<R>) -> io::Result<()>,
{
    thread::scope(|scope| {
        let (sender, receiver) = mpsc::sync_channel::<(Vec<InputDocument>, Vec<R>)>(1);
        let work = &work;
        thread::Builder::new()
            .name("versori-work".into())
            .spawn_scoped(scope, move || {
                for mut chunk in chunks {
                    let results: Vec<R> = chunk.par_iter_mut().map(work).collect();
                    // A closed channel means the writer stopped early.
                    if sender.send((chunk, results)).is_err() {
                        break;
                    }
                }
            })
            .map_err(|err| io::Error::new(err.kind(), format!("cannot start a thread: {err}")))?;
        // Ends when the dispatcher is done (or panicked: the scope then re-raises the panic,
        // so a failure never passes for the end of the input).
        for (chunk, results) in receiver {
            write(chunk, results)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;
    use crate::input::{InputOptions, Inputs, StdinReader};

    fn chunks(lines: usize, size: usize) -> Chunks {
        let text: String = (0..lines).map(|i| format!("{{\"n\": {i}}}\n")).collect();
        let reader: StdinReader = Box::new(Cursor::new(text.into_bytes()));
        Inputs::new(["-"], InputOptions::default())
            .with_stdin(reader)
            .deferred()
            .read_ahead(size)
            .expect("a reading thread")
    }

    #[test]
    fn results_come_back_in_input_order_with_their_documents() {
        let mut seen = Vec::new();
        in_order(
            chunks(10_000, 7),
            |doc| {
                doc.parse();
                doc.value.as_ref().ok().and_then(|v| v["n"].as_u64())
            },
            |chunk, results| {
                assert_eq!(chunk.len(), results.len());
                for (doc, n) in chunk.iter().zip(results) {
                    seen.push((doc.line, n));
                }
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(seen.len(), 10_000);
        for (i, (line, n)) in seen.into_iter().enumerate() {
            assert_eq!((line, n), (Some(i + 1), Some(i as u64)));
        }
    }

    #[test]
    fn a_write_error_stops_the_run_and_is_returned() {
        let mut written = 0;
        let err = in_order(
            chunks(10_000, 10),
            |_| (),
            |chunk, _| {
                written += chunk.len();
                Err(io::Error::other("disk full"))
            },
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "disk full");
        assert_eq!(written, 10);
    }

    #[test]
    fn a_panicking_worker_is_not_the_end_of_the_input() {
        let run = std::panic::catch_unwind(|| {
            let mut written = 0;
            let _ = in_order(
                chunks(100, 10),
                |doc| assert_ne!(doc.line, Some(55), "boom"),
                |chunk, _| {
                    written += chunk.len();
                    Ok(())
                },
            );
            written
        });
        assert!(run.is_err(), "the panic must reach the caller");
    }
}
