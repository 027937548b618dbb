/**
 * The quality loop's pages, one lazily loaded chunk: My quality, Practice (and a practice session),
 * an exam, and the review queue. The menu hides what a role cannot use; the server decides.
 */
import { useAuth } from '../../auth/AuthContext.js';
import { Link } from '../../components/Link.js';
import { match } from '../../lib/router.js';
import { ReviewItemPage } from '../../review/ReviewItemPage.js';
import { ReviewQueue } from '../../review/ReviewQueue.js';
import { ExamPage } from '../exams/ExamPage.js';
import { PracticePage } from '../practice/PracticePage.js';
import { PracticeSession } from '../practice/PracticeSession.js';
import { MyQualityPage } from './MyQualityPage.js';
import './quality.css';

export function isReviewer(role: string | undefined): boolean {
  return role === 'reviewer' || role === 'manager' || role === 'admin';
}

export default function QualityLoopPages({ path }: { path: string }) {
  const { me } = useAuth();
  if (path === '/quality') return <MyQualityPage />;
  if (path === '/practice') return <PracticePage />;
  const practice = match('/practice/:domain', path);
  if (practice) return <PracticeSession key={practice.domain} domain={practice.domain} />;
  const exam = match('/exams/:id', path);
  if (exam) return <ExamPage key={exam.id} examId={exam.id} />;
  if (path === '/review' || path.startsWith('/review/')) {
    if (!isReviewer(me?.user.role)) {
      return (
        <main id="main" className="page">
          <h1>Reviewers only</h1>
          <p>
            The review queue is for reviewers and managers. <Link to="/">Go to your work</Link>.
          </p>
        </main>
      );
    }
    if (path === '/review') return <ReviewQueue />;
    const item = match('/review/:id', path);
    if (item) return <ReviewItemPage key={item.id} id={item.id} />;
  }
  return (
    <main id="main" className="page">
      <h1>Page not found</h1>
      <p>
        There is nothing at <code>{path}</code>. <Link to="/">Go to your projects</Link>.
      </p>
    </main>
  );
}
